/**
 * Refusing weights that hold NaN or ±Infinity. Such a checkpoint can only give NaN losses and
 * predictions (or train on from a diverged state), so loading one — `t5lab forward`, `--resume`,
 * an HF import in the browser — fails at once with the tensor's name instead.
 */

/** The first non-finite value of `values`: its index and the value, or undefined. */
export function firstNonFinite(values: ArrayLike<number>): { index: number; value: number } | undefined {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return { index: i, value: values[i] };
  return undefined;
}

/** A checkpoint tensor that holds NaN or ±Infinity; the message names the tensor. */
export class NonFiniteWeightError extends RangeError {
  override name = 'NonFiniteWeightError';
  constructor(
    readonly tensor: string,
    readonly index: number,
    readonly value: number,
    where: string,
  ) {
    super(
      `${where} tensor "${tensor}" holds ${value} (at element ${index}); the weights are corrupt or come from a diverged run — use an earlier checkpoint`,
    );
  }
}

/** Throws a {@link NonFiniteWeightError} for the first tensor that holds NaN or ±Infinity. */
export function assertFiniteTensors(tensors: Iterable<readonly [name: string, values: ArrayLike<number>]>, where: string): void {
  for (const [name, values] of tensors) {
    const bad = firstNonFinite(values);
    if (bad) throw new NonFiniteWeightError(name, bad.index, bad.value, where);
  }
}
