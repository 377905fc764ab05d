/**
 * Optimizer choice as plain data (saved with a run) and the factory that builds it.
 */
import { Adafactor, ADAFACTOR_DEFAULTS, type AdafactorConfig } from './adafactor.ts';
import { AdamW, ADAMW_DEFAULTS, type AdamWConfig } from './adamw.ts';
import type { Optimizer } from './optimizer.ts';
import { bool, fail, ValidationError } from '../validation/checks.ts';

export type OptimizerConfig = AdafactorConfig | AdamWConfig;
export const OPTIMIZER_KINDS = ['adafactor', 'adamw'] as const;

/** A finite number that passes `ok`, else `FIELD must be WHAT (got V)`. */
function num(v: unknown, field: string, ok: (x: number) => boolean, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) fail(field, what, v);
  return v;
}

function rejectUnknown(o: Record<string, unknown>, known: object, field: string): void {
  for (const key of Object.keys(o))
    if (!(key in known)) throw new ValidationError(`${field}.${key}`, `${field} has an unknown field "${key}"`);
}

/** Checks an optimizer config, naming the bad field; returns it with every default filled in. */
export function validateOptimizerConfig(config: unknown, field = 'optimizer'): Required<AdafactorConfig> | Required<AdamWConfig> {
  if (config === null || typeof config !== 'object') fail(field, `an object with a "kind" (${OPTIMIZER_KINDS.join(', ')})`, config);
  const o = config as Record<string, unknown>;
  const unit = (x: number) => x >= 0 && x < 1;
  const pos = (x: number) => x > 0;
  if (o.kind === 'adafactor') {
    rejectUnknown(o, ADAFACTOR_DEFAULTS, field);
    const c = { ...ADAFACTOR_DEFAULTS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) } as Record<
      string,
      unknown
    >;
    return {
      kind: 'adafactor',
      beta1: num(c.beta1, `${field}.beta1`, unit, 'in [0, 1)'),
      decayExponent: num(c.decayExponent, `${field}.decayExponent`, (x) => x > 0 && x <= 1, 'in (0, 1]'),
      clippingThreshold:
        c.clippingThreshold === null ? null : num(c.clippingThreshold, `${field}.clippingThreshold`, pos, 'a positive number or null'),
      epsilon1: num(c.epsilon1, `${field}.epsilon1`, pos, 'a positive number'),
      epsilon2: num(c.epsilon2, `${field}.epsilon2`, pos, 'a positive number'),
      factored: bool(c.factored, `${field}.factored`),
      minDimSizeToFactor: num(
        c.minDimSizeToFactor,
        `${field}.minDimSizeToFactor`,
        (x) => Number.isInteger(x) && x >= 1,
        'a positive integer',
      ),
      multiplyByParameterScale: bool(c.multiplyByParameterScale, `${field}.multiplyByParameterScale`),
      relativeStep: bool(c.relativeStep, `${field}.relativeStep`),
    };
  }
  if (o.kind === 'adamw') {
    rejectUnknown(o, ADAMW_DEFAULTS, field);
    const c = { ...ADAMW_DEFAULTS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) } as Record<string, unknown>;
    return {
      kind: 'adamw',
      beta1: num(c.beta1, `${field}.beta1`, unit, 'in [0, 1)'),
      beta2: num(c.beta2, `${field}.beta2`, unit, 'in [0, 1)'),
      epsilon: num(c.epsilon, `${field}.epsilon`, pos, 'a positive number'),
      weightDecay: num(c.weightDecay, `${field}.weightDecay`, (x) => x >= 0, 'a number ≥ 0'),
    };
  }
  return fail(`${field}.kind`, `one of ${OPTIMIZER_KINDS.join(', ')}`, o.kind);
}

/** A fresh optimizer for a (validated or partial) config. */
export function createOptimizer(config: OptimizerConfig): Optimizer {
  const full = validateOptimizerConfig(config);
  return full.kind === 'adafactor' ? new Adafactor(full) : new AdamW(full);
}
