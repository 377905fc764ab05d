/**
 * Metrics as seqio defines them: a function of (targets, predictions) over a whole eval set,
 * on a 0–100 scale like t5.evaluation.metrics (accuracy, SQuAD EM/F1, sacreBLEU, chrF).
 */
export interface Metric {
  /** Key in result tables, e.g. "accuracy", "bleu". */
  readonly name: string;
  compute(targets: readonly string[], predictions: readonly string[]): number;
}

/** Checks that targets and predictions are equal-length string arrays; names the bad one. */
export function checkPairs(where: string, targets: readonly string[], predictions: readonly string[]): void {
  if (!Array.isArray(targets)) throw new TypeError(`${where}: targets must be an array of strings`);
  if (!Array.isArray(predictions)) throw new TypeError(`${where}: predictions must be an array of strings`);
  if (targets.length !== predictions.length) {
    throw new RangeError(`${where}: targets (${targets.length}) and predictions (${predictions.length}) must have the same length`);
  }
  targets.forEach((t, i) => {
    if (typeof t !== 'string') throw new TypeError(`${where}: targets[${i}] must be a string`);
  });
  predictions.forEach((p, i) => {
    if (typeof p !== 'string') throw new TypeError(`${where}: predictions[${i}] must be a string`);
  });
}

/** Percentage of predictions exactly equal to their target (t5 `accuracy`). */
export const accuracy: Metric = {
  name: 'accuracy',
  compute(targets, predictions) {
    checkPairs('accuracy', targets, predictions);
    if (targets.length === 0) return 0;
    let hits = 0;
    for (let i = 0; i < targets.length; i++) if (targets[i] === predictions[i]) hits++;
    return (100 * hits) / targets.length;
  },
};
