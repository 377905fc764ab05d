/**
 * The golden SVGs of the experiment cells' figures (src/figures/: experimentSeedsFigure,
 * multitaskMetricsFigure, comparisonPretrainingLossFigure, scalingLossFigure), each figure
 * function called on fixed inputs: a three-arm, three-seed report computed by experimentReport
 * from fixed measurements (so its intervals are real Student-t intervals), two seeds of
 * multi-task curves, and a width sweep with per-seed losses. Rendered the same way by
 * experimentGoldenSvg.test.ts and scripts/update-golden.mjs.
 */
import { html } from 'lit';
import { experimentReport, type ExperimentReport } from '../../../src/experiments/experimentReport.ts';
import type { ArmMeasurement, ExperimentPlan } from '../../../src/experiments/seededPlans.ts';
import { experimentSeedsFigure } from '../../../src/figures/experimentSeeds.ts';
import { multitaskMetricsFigure, type MultitaskCurvePoint } from '../../../src/figures/multitaskMetrics.ts';
import { comparisonPretrainingLossFigure } from '../../../src/figures/comparisonPretrainingLoss.ts';
import { scalingLossFigure } from '../../../src/figures/scalingLoss.ts';
import { fitSweep } from '../../../src/experiments/scalingSweep.ts';
import { summarize } from '../../../src/experiments/statistics.ts';
import { exportTemplate } from './goldenFigures.ts';
import { parseCachedExperiment } from '../../../src/experiments/cachedExperiments.ts';
// The cached study result `npm run figures` draws (a `t5lab experiment --json` document in the repo).
import objectivesStudy from '../../../bench/experiments/objectives-study-3seeds.json?raw';

export const EXPERIMENT_GOLDEN_NAMES = [
  'experiment-seeds',
  'experiment-seeds-one-seed',
  'multitask-metrics',
  'comparison-pretraining-loss',
  'scaling-loss-vs-params-seeds',
  'experiment-seeds-objectives-study-3seeds',
] as const;

/** The cached objectives study (bench/experiments/objectives-study-3seeds.json) as the figure pipeline reads it. */
export const cachedObjectivesStudy = () => parseCachedExperiment(objectivesStudy, 'bench/experiments/objectives-study-3seeds.json');
export type ExperimentGoldenName = (typeof EXPERIMENT_GOLDEN_NAMES)[number];

/** A fixed report: three arms over `seeds`, values a fixed function of arm and seed. */
export function fixedReport(seeds: number[]): ExperimentReport {
  const arms = [
    { key: 'bert', label: 'BERT-style', paper: null },
    { key: 'prefix_lm', label: 'Prefix language modeling', paper: null },
    { key: 'deshuffling', label: 'Deshuffling', paper: null },
  ];
  const plan = { preset: 'objectives', title: 'Golden', metric: 'cloze/exact_match', lowerIsBetter: false, baseline: 'bert', arms } as unknown as ExperimentPlan;
  const perSeed = new Map<number, Map<string, ArmMeasurement>>(
    seeds.map((s) => [s, new Map(arms.map((a, i) => [a.key, { value: 0.8 - 0.2 * i + 0.03 * Math.cos(3 * s + i), pretrainValLoss: 2 + i / 10, flops: 1e12 }]))]),
  );
  return experimentReport(plan, { name: 'golden', description: 'fixed measurements' }, seeds, perSeed);
}

function fixedMultitaskCurves(): MultitaskCurvePoint[] {
  const out: MultitaskCurvePoint[] = [];
  for (const seed of [1, 2])
    for (const [k, strategy] of ['Equal', 'Examples-proportional, K = 256'].entries())
      for (const metric of ['sentiment/accuracy', 'qa_factbook/exact_match'])
        for (const step of [60, 120, 180, 240])
          out.push({ strategy, metric, step, seed, value: (metric.startsWith('sentiment') ? 50 : 5) + step / (8 + 2 * k) + 3 * Math.sin(seed + step / 60) });
  return out;
}

function fixedScalingSeeds() {
  const seeds = [1, 2, 3];
  const points = [1, 2, 4].map((m) => {
    const losses = seeds.map((s) => 3 * (2e5 * m) ** -0.2 + 1.5 + 0.03 * Math.sin(s * m));
    const st = summarize(losses);
    return { key: `w${m}`, label: `width ×${m}`, params: 2e5 * m, flops: 6e11 * m, tokens: 5e5, loss: st.mean, members: 1, runIds: [], losses, ci95: st.ci95 };
  });
  const fit = fitSweep(points, 'params');
  return scalingLossFigure({
    axis: 'params',
    xLabel: 'parameters N →',
    points: points.map((p) => ({ label: p.label, x: p.params, loss: p.loss, ensemble: false })),
    ...(fit ? { fit } : {}),
    seeds: points.flatMap((p) => p.losses.map((loss, i) => ({ label: p.label, x: p.params, seed: seeds[i], loss }))),
    intervals: points.flatMap((p) => (p.ci95 ? [{ label: p.label, x: p.params, lo: p.ci95[0], hi: p.ci95[1] }] : [])),
  });
}

export async function renderExperimentGoldenSvgs(doc: Document = document): Promise<Record<ExperimentGoldenName, string>> {
  const fig = (name: string, el: Element) => exportTemplate(doc, html`<figure data-figure=${name}>${el}</figure>`, name);
  const curves = [0, 1].flatMap((a) =>
    Array.from({ length: 20 }, (_, i) => ({ arm: a ? 'Deshuffling' : 'BERT-style', step: (i + 1) * 10, loss: 6 * Math.exp(-(i + 1) / (8 + 4 * a)) + 2 })),
  );
  return {
    'experiment-seeds': await fig('experiment-seeds', experimentSeedsFigure(fixedReport([1, 2, 3]), { document: doc })),
    'experiment-seeds-one-seed': await fig('experiment-seeds-one-seed', experimentSeedsFigure(fixedReport([1]), { document: doc })),
    'multitask-metrics': await fig('multitask-metrics', multitaskMetricsFigure(fixedMultitaskCurves(), { document: doc })),
    'comparison-pretraining-loss': await fig('comparison-pretraining-loss', comparisonPretrainingLossFigure(curves, { document: doc })),
    'scaling-loss-vs-params-seeds': await fig('scaling-loss-vs-params-seeds', fixedScalingSeeds()),
    // Drawn from the cached study result, as `npm run figures` draws it (a changed cache changes this golden).
    'experiment-seeds-objectives-study-3seeds': await fig(
      'experiment-seeds-objectives-study-3seeds',
      experimentSeedsFigure(cachedObjectivesStudy().report, { document: doc }),
    ),
  };
}
