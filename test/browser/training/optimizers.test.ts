import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { forEachBackend } from '../helpers/backends.ts';
import { Adafactor, type AdafactorConfig } from '../../../src/training/adafactor.ts';
import { AdamW } from '../../../src/training/adamw.ts';
import { clipByGlobalNorm, globalNorm } from '../../../src/training/gradientClipping.ts';
import { createOptimizer, validateOptimizerConfig } from '../../../src/training/optimizerConfig.ts';

/** A weight as float64 numbers with its shape (the reference side of every test). */
interface W64 {
  shape: number[];
  v: number[];
}

const INITIAL: Record<string, W64> = {
  // 3×4 is factored once minDimSizeToFactor ≤ 3; 2×5 never is (min dim 2 < 3).
  mat: { shape: [3, 4], v: [0.5, -0.2, 0.1, 0.9, -0.4, 0.3, 0.7, -0.8, 0.05, 0.6, -0.35, 0.25] },
  small: { shape: [2, 5], v: [0.2, -0.1, 0.4, -0.6, 0.3, 0.15, -0.25, 0.55, -0.05, 0.45] },
  vec: { shape: [4], v: [1.0, 0.98, 1.02, 1.01] },
};

/** Gradients of step s: fixed patterns whose scale grows, so update clipping kicks in later. */
function gradsOf(step: number): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name, w] of Object.entries(INITIAL)) {
    out[name] = w.v.map((_, i) => (step + 1) ** 2 * 0.01 * Math.sin(1.3 * i + 0.7 * step + name.length));
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const rms64 = (xs: number[]) => Math.sqrt(mean(xs.map((x) => x * x)));

/** Float64 Adafactor exactly as documented in adafactor.ts (mesh-tf semantics). */
function adafactorReference(config: Required<AdafactorConfig>, lrs: number[]): Record<string, number[]> {
  const w: Record<string, number[]> = Object.fromEntries(Object.entries(INITIAL).map(([k, x]) => [k, [...x.v]]));
  const slots: Record<string, number[]> = {};
  lrs.forEach((lr, t) => {
    const decay = 1 - (t + 1) ** -config.decayExponent;
    const grads = gradsOf(t);
    for (const [name, { shape }] of Object.entries(INITIAL)) {
      const g = grads[name];
      const g2 = g.map((x) => x * x + config.epsilon1);
      let u: number[];
      if (shape.length === 2 && Math.min(...shape) >= config.minDimSizeToFactor) {
        const [a, b] = shape;
        const rowMean = Array.from({ length: a }, (_, i) => mean(g2.slice(i * b, (i + 1) * b)));
        const colMean = Array.from({ length: b }, (_, j) => mean(Array.from({ length: a }, (_, i) => g2[i * b + j])));
        const r = (slots[`${name}/r`] ??= new Array(a).fill(0)).map((x, i) => decay * x + (1 - decay) * rowMean[i]);
        const c = (slots[`${name}/c`] ??= new Array(b).fill(0)).map((x, j) => decay * x + (1 - decay) * colMean[j]);
        slots[`${name}/r`] = r;
        slots[`${name}/c`] = c;
        const rm = mean(r);
        u = g.map((x, k) => x / Math.sqrt(r[Math.floor(k / b)] / rm) / Math.sqrt(c[k % b]));
      } else {
        const v = (slots[`${name}/v`] ??= new Array(g.length).fill(0)).map((x, k) => decay * x + (1 - decay) * g2[k]);
        slots[`${name}/v`] = v;
        u = g.map((x, k) => x / Math.sqrt(v[k]));
      }
      const clip = Math.max(1, rms64(u) / (config.clippingThreshold ?? Infinity));
      u = u.map((x) => x / clip);
      const scale = config.multiplyByParameterScale ? Math.max(rms64(w[name]), config.epsilon2) * lr : lr;
      let delta = u.map((x) => x * scale);
      if (config.beta1 > 0) {
        const m = (slots[`${name}/m`] ??= new Array(g.length).fill(0)).map((x, k) => config.beta1 * x + (1 - config.beta1) * delta[k]);
        slots[`${name}/m`] = m;
        delta = m;
      }
      w[name] = w[name].map((x, k) => x - delta[k]);
    }
  });
  return w;
}

/** Float64 AdamW (PyTorch formulation, decay on rank ≥ 2 only). */
function adamwReference(lrs: number[], beta1: number, beta2: number, eps: number, wd: number): Record<string, number[]> {
  const w: Record<string, number[]> = Object.fromEntries(Object.entries(INITIAL).map(([k, x]) => [k, [...x.v]]));
  const m: Record<string, number[]> = {};
  const v: Record<string, number[]> = {};
  lrs.forEach((lr, i) => {
    const t = i + 1;
    const grads = gradsOf(i);
    for (const [name, { shape }] of Object.entries(INITIAL)) {
      const g = grads[name];
      m[name] = (m[name] ?? g.map(() => 0)).map((x, k) => beta1 * x + (1 - beta1) * g[k]);
      v[name] = (v[name] ?? g.map(() => 0)).map((x, k) => beta2 * x + (1 - beta2) * g[k] * g[k]);
      w[name] = w[name].map((x, k) => {
        const mh = m[name][k] / (1 - beta1 ** t);
        const vh = v[name][k] / (1 - beta2 ** t);
        return x - lr * (mh / (Math.sqrt(vh) + eps) + (shape.length >= 2 ? wd * x : 0));
      });
    }
  });
  return w;
}

function makeWeights(): Map<string, tf.Variable> {
  return new Map(Object.entries(INITIAL).map(([name, x]) => [name, tf.variable(tf.tensor(x.v, x.shape, 'float32'))]));
}

function applySteps(
  opt: { applyGradients: Adafactor['applyGradients'] },
  weights: Map<string, tf.Variable>,
  lrs: number[],
  from = 0,
): void {
  lrs.forEach((lr, i) => {
    const g = gradsOf(from + i);
    const grads = new Map(Object.entries(INITIAL).map(([name, x]) => [name, tf.tensor(g[name], x.shape, 'float32')]));
    opt.applyGradients(weights, grads, lr);
    tf.dispose([...grads.values()]);
  });
}

async function assertWeightsClose(weights: Map<string, tf.Variable>, expected: Record<string, number[]>, what: string): Promise<void> {
  for (const [name, w] of weights) {
    const got = await w.data();
    expected[name].forEach((e, k) => assert.closeTo(got[k], e, 2e-6 + 2e-5 * Math.abs(e), `${what}: ${name}[${k}]`));
  }
}

const LRS = [0.01, 0.01, 0.008, 0.005];

forEachBackend((backend) => {
  describe('Adafactor', () => {
    const variants: [string, Partial<AdafactorConfig>][] = [
      ['T5 defaults (β1 = 0, parameter scale, clipping 1.0), factored 3×4', { minDimSizeToFactor: 3 }],
      ['nothing factored (the 128 default on tiny weights)', {}],
      [
        'β1 = 0.9, no parameter scale, no clipping',
        { minDimSizeToFactor: 3, beta1: 0.9, multiplyByParameterScale: false, clippingThreshold: null },
      ],
    ];
    for (const [label, config] of variants) {
      it(`matches a float64 hand computation over ${LRS.length} steps: ${label} on ${backend}`, async () => {
        const opt = new Adafactor(config);
        const weights = makeWeights();
        applySteps(opt, weights, LRS);
        await assertWeightsClose(weights, adafactorReference(opt.config as Required<AdafactorConfig>, LRS), label);
        assert.equal(opt.step, LRS.length);
        opt.dispose();
        tf.dispose([...weights.values()]);
      });
    }

    it(`factors exactly the matrices whose dims are both ≥ minDimSizeToFactor on ${backend}`, () => {
      const opt = new Adafactor();
      assert.isTrue(opt.isFactored([2048, 128]));
      assert.isFalse(opt.isFactored([128, 127]));
      assert.isFalse(opt.isFactored([32, 4]), 'relative attention bias tables are not factored');
      assert.isFalse(opt.isFactored([512]));
      assert.isFalse(new Adafactor({ factored: false }).isFactored([512, 512]));
    });

    it(`relativeStep uses min(1/√(t+1), 0.01) instead of the schedule on ${backend}`, () => {
      const opt = new Adafactor({ relativeStep: true });
      assert.equal(opt.effectiveLearningRate(123), 0.01);
      assert.closeTo(new Adafactor({ relativeStep: true, multiplyByParameterScale: false }).effectiveLearningRate(1), 0.0005, 1e-12);
      assert.equal(new Adafactor().effectiveLearningRate(0.3), 0.3);
    });

    it(`a restored state continues exactly like the optimizer it was saved from on ${backend}`, async () => {
      const a = new Adafactor({ minDimSizeToFactor: 3, beta1: 0.5 });
      const wa = makeWeights();
      applySteps(a, wa, LRS.slice(0, 2));
      const state = await a.getState();
      const b = new Adafactor({ minDimSizeToFactor: 3, beta1: 0.5 });
      const wb = makeWeights();
      for (const [name, w] of wb) w.assign(wa.get(name)!);
      b.setState(state);
      applySteps(a, wa, LRS.slice(2), 2);
      applySteps(b, wb, LRS.slice(2), 2);
      for (const [name, w] of wa) assert.deepEqual(Array.from(await wb.get(name)!.data()), Array.from(await w.data()), name);
      assert.equal(b.step, LRS.length);
      assert.throws(() => new AdamW().setState(state), /belongs to a "adafactor" optimizer/);
      a.dispose();
      b.dispose();
      tf.dispose([...wa.values(), ...wb.values()]);
    });

    // Model-sized shapes (several workgroups and SIMD rows, scalar tails): the fused kernels where the
    // backend has them (wasm, webgpu) against the same update composed of tfjs ops.
    const SHAPES = [[130, 67], [256, 128], [33, 4], [7]];
    for (const [label, config] of [
      ['T5 defaults', {}],
      ['β1 = 0.9, no clipping, no parameter scale', { beta1: 0.9, clippingThreshold: null, multiplyByParameterScale: false }],
    ] as const) {
      it(`the fused update equals the update composed of tfjs ops on model-sized weights (${label}) on ${backend}`, async () => {
        const run = async (fusedKernels: boolean) => {
          const opt = new Adafactor(config, { fusedKernels });
          const size = (s: number[]) => s.reduce((p, q) => p * q, 1);
          const weights = new Map(
            SHAPES.map((s, i) => [`w${i}`, tf.tidy(() => tf.variable(tf.randomNormal(s, 0, 0.5, 'float32', 10 + i)))]),
          );
          for (let step = 0; step < 4; step++) {
            const grads = new Map(
              SHAPES.map((s, i) => [
                `w${i}`,
                tf.tidy(() => tf.mul(tf.randomNormal(s, 0, 1, 'float32', 1000 + 100 * step + i), 10 ** step)),
              ]),
            );
            opt.applyGradients(weights, grads, 0.01);
            tf.dispose([...grads.values()]);
          }
          const out = await Promise.all([...weights.values()].map(async (w) => Array.from(await w.data())));
          const slots = [...(await opt.getState()).slots].map(([k, v]) => [k, Array.from(v.values)] as const);
          opt.dispose();
          tf.dispose([...weights.values()]);
          assert.equal(out.length, SHAPES.length);
          assert.equal(out[0].length, size(SHAPES[0]));
          return { out, slots };
        };
        const ops = await run(false);
        const before = tf.memory().numTensors;
        const fused = await run(true);
        assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
        const close = (got: number[], want: number[], what: string) => {
          const scale = want.reduce((s, x) => s + Math.abs(x), 0) / want.length;
          const bad = want.findIndex((e, k) => !(Math.abs(got[k] - e) <= 2e-5 * (Math.abs(e) + scale)));
          assert.equal(bad, -1, `${what}: element ${bad} is ${got[bad]}, tfjs ops give ${want[bad]}`);
        };
        ops.out.forEach((want, i) => close(fused.out[i], want, `weight [${SHAPES[i]}]`));
        assert.deepEqual(
          fused.slots.map(([k]) => k),
          ops.slots.map(([k]) => k),
          'the same slots in the same order',
        );
        ops.slots.forEach(([k, want], i) => close(fused.slots[i][1], want, `slot ${k}`));
      });
    }

    it(`leaves tf.memory().numTensors flat across updates on ${backend}`, () => {
      const opt = new Adafactor({ minDimSizeToFactor: 3, beta1: 0.9 });
      const weights = makeWeights();
      applySteps(opt, weights, [0.01]); // creates the slots
      const before = tf.memory().numTensors;
      applySteps(opt, weights, [0.01, 0.01, 0.01], 1);
      assert.equal(tf.memory().numTensors, before);
      opt.dispose();
      tf.dispose([...weights.values()]);
    });
  });

  describe('AdamW', () => {
    it(`matches a float64 hand computation over ${LRS.length} steps (bias correction, decoupled decay) on ${backend}`, async () => {
      const opt = new AdamW({ weightDecay: 0.1 });
      const weights = makeWeights();
      applySteps(opt, weights, LRS);
      await assertWeightsClose(weights, adamwReference(LRS, 0.9, 0.999, 1e-8, 0.1), 'AdamW');
      const before = tf.memory().numTensors;
      applySteps(opt, weights, [0.001], 4);
      assert.equal(tf.memory().numTensors, before, 'no tensor leak per update');
      opt.dispose();
      tf.dispose([...weights.values()]);
    });
  });

  describe('clipByGlobalNorm', () => {
    it(`computes the global norm of many gradients exactly (no tf.addN, wrong on webgpu beyond 4 inputs) on ${backend}`, async () => {
      const grads = Array.from({ length: 13 }, (_, i) => tf.tensor([i + 1, 1]));
      const norm = globalNorm(grads);
      const expected = Math.sqrt(grads.reduce((s, _, i) => s + (i + 1) ** 2 + 1, 0));
      assert.closeTo((await norm.data())[0], expected, 1e-4);
      tf.dispose([...grads, norm]);
    });

    it(`scales every gradient by maxNorm/‖g‖ when ‖g‖ exceeds it and leaves small ones alone on ${backend}`, async () => {
      const grads = new Map<string, tf.Tensor>([
        ['a', tf.tensor([3, 0], [2])],
        ['b', tf.tensor([[0, 4]], [1, 2])],
      ]);
      const clipped = clipByGlobalNorm(grads, 1);
      assert.closeTo((await clipped.norm.data())[0], 5, 1e-6);
      assert.deepEqual(
        Array.from(await clipped.grads.get('a')!.data()).map((x) => +x.toFixed(6)),
        [0.6, 0],
      );
      assert.deepEqual(
        Array.from(await clipped.grads.get('b')!.data()).map((x) => +x.toFixed(6)),
        [0, 0.8],
      );
      const loose = clipByGlobalNorm(grads, 10);
      assert.deepEqual(Array.from(await loose.grads.get('a')!.data()), [3, 0]);
      tf.dispose([...grads.values(), ...clipped.grads.values(), clipped.norm, ...loose.grads.values(), loose.norm]);
    });
  });
});

describe('optimizer configs', () => {
  it('fill in the T5 defaults and name the bad field', () => {
    const a = validateOptimizerConfig({ kind: 'adafactor' });
    assert.deepInclude(a, {
      beta1: 0,
      decayExponent: 0.8,
      clippingThreshold: 1,
      epsilon1: 1e-30,
      epsilon2: 1e-3,
      minDimSizeToFactor: 128,
      multiplyByParameterScale: true,
    });
    assert.throws(() => validateOptimizerConfig({ kind: 'adafactor', beta1: 1 }), /optimizer\.beta1 must be in \[0, 1\)/);
    assert.throws(() => validateOptimizerConfig({ kind: 'adamw', weightDecay: -1 }), /optimizer\.weightDecay must be a number ≥ 0/);
    assert.throws(() => validateOptimizerConfig({ kind: 'adam' }), /optimizer\.kind must be one of adafactor, adamw/);
    assert.throws(() => validateOptimizerConfig({ kind: 'adamw', lr: 1 }), /optimizer has an unknown field "lr"/);
    const opt = createOptimizer({ kind: 'adamw' });
    assert.equal(opt.kind, 'adamw');
    opt.dispose();
  });
});
