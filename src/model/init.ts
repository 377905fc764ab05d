/**
 * Seeded initial weights per spec §A.7, mesh-tf/t5x column. Numbers are drawn in JS (pure-rand's
 * xoroshiro128+) and uploaded, so a seed gives bit-identical weights on every tfjs backend
 * (tf.random* differs between backends). Each weight has its own stream derived from the seed
 * and the weight's name, so adding or reordering weights does not change the others.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { T5Config } from './config.ts';
import { weightShapes } from './weightShapes.ts';

/** How one weight is drawn. `truncatedNormal` cuts at ±2σ' and rescales σ' so the std is `std`. */
export type InitRule =
  | { kind: 'zeros' }
  | { kind: 'ones' }
  | { kind: 'normal'; std: number }
  | { kind: 'truncatedNormal'; std: number }
  | { kind: 'uniform'; limit: number };

/**
 * TF's truncated normal (±2σ) has std 0.8796·σ; mesh-tf's VarianceScalingInitializer divides σ
 * by this so the drawn values have the requested std.
 */
const TRUNCATED_STD_RATIO = 0.8796256610342398;

/** The initialiser of one HF-named weight (spec §A.7, mesh-tf / t5x column). */
export function initRule(name: string, shape: number[], config: T5Config): InitRule {
  const { dModel: d, dKv, numHeads: H, dFf, relativeAttentionNumBuckets: B } = config;
  if (name === 'shared.weight') return { kind: 'normal', std: 1 };
  // Adapters start near the identity (Houlsby et al. 2019 §3.6): the down projection is drawn
  // like a feed-forward `wi`, the up projection with std 10⁻², so adding adapters to a
  // pre-trained model changes its outputs by about 1%. Not exactly zero: Adafactor scales each
  // update by the weight's RMS (spec §A.10), so a zero matrix would only move by ε₂·lr per step.
  if (/\.adapter\.wi\.weight$/.test(name)) return { kind: 'truncatedNormal', std: d ** -0.5 };
  if (/\.adapter\.wo\.weight$/.test(name)) return { kind: 'normal', std: 1e-2 };
  if (name === 'lm_head.weight') return { kind: 'truncatedNormal', std: d ** -0.5 };
  if (name.endsWith('layer_norm.weight')) return { kind: 'ones' };
  if (name.endsWith('relative_attention_bias.weight')) return { kind: 'uniform', limit: Math.sqrt(6 / (H + B)) };
  if (/\.q\.weight$/.test(name)) return { kind: 'normal', std: (d * dKv) ** -0.5 };
  if (/\.[kv]\.weight$/.test(name)) return { kind: 'normal', std: d ** -0.5 };
  if (/\.o\.weight$/.test(name)) return { kind: 'normal', std: (H * dKv) ** -0.5 };
  if (/\.wi(_0|_1)?\.weight$/.test(name)) return { kind: 'truncatedNormal', std: d ** -0.5 };
  if (/\.wo\.weight$/.test(name)) return { kind: 'truncatedNormal', std: dFf ** -0.5 };
  throw new RangeError(`no initialiser for weight "${name}" (shape [${shape.join(', ')}])`);
}

/** 32-bit FNV-1a of a string, mixed with the seed: the per-weight stream seed. */
export function weightSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed | 0);
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** Fills `out` by `rule` from a stream seeded with `streamSeed`. */
export function drawWeight(rule: InitRule, out: Float32Array, streamSeed: number): Float32Array {
  if (rule.kind === 'ones') return out.fill(1);
  if (rule.kind === 'zeros') return out.fill(0);
  const rng = xoroshiro128plus(streamSeed);
  const u = () => uniformFloat64(rng);
  if (rule.kind === 'uniform') {
    for (let i = 0; i < out.length; i++) out[i] = (2 * u() - 1) * rule.limit;
    return out;
  }
  // Box–Muller; uses both outputs of each pair.
  let spare: number | null = null;
  const gauss = () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const t = 2 * Math.PI * u();
    spare = r * Math.sin(t);
    return r * Math.cos(t);
  };
  if (rule.kind === 'normal') {
    for (let i = 0; i < out.length; i++) out[i] = gauss() * rule.std;
    return out;
  }
  const sigma = rule.std / TRUNCATED_STD_RATIO;
  for (let i = 0; i < out.length; i++) {
    let z = gauss();
    while (Math.abs(z) > 2) z = gauss(); // resample outside ±2σ, as TF's truncated_normal does
    out[i] = z * sigma;
  }
  return out;
}

/** Every initial weight as a flat Float32Array (tfjs layout, see weightShapes.ts). */
export function initialWeightValues(config: T5Config, seed: number): Map<string, { shape: number[]; values: Float32Array }> {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer (got ${seed})`);
  const out = new Map<string, { shape: number[]; values: Float32Array }>();
  for (const [name, shape] of weightShapes(config)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = drawWeight(initRule(name, shape, config), new Float32Array(size), weightSeed(seed, name));
    out.set(name, { shape, values });
  }
  return out;
}
