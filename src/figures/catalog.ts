/**
 * Every figure t5lab draws from src/figures, in one list: its `data-figure` name (which is also
 * the name of its golden file, test/browser/figures/golden/<name>.svg, and of the files
 * `npm run figures` writes), the cell kind that shows it, and the function that draws it. The
 * convention, checked by test/node/figures/catalog.test.ts: figure `bucket-curve` is drawn by
 * `bucketCurveFigure`, exported from src/figures/bucketCurve.ts. Importing the catalogue loads
 * Plot but touches no DOM.
 */
import { attentionGridFigure } from './attentionGrid.ts';
import { attentionMapFigure } from './attentionMap.ts';
import { attentionMasksFigure } from './attentionMasks.ts';
import { attentionPositionBiasFigure } from './attentionPositionBias.ts';
import { attentionWithoutBiasFigure } from './attentionWithoutBias.ts';
import { bucketCurveFigure } from './bucketCurve.ts';
import { bucketGridFigure } from './bucketGrid.ts';
import { datasetLengthsFigure } from './datasetLengths.ts';
import { learnedBiasBucketsFigure } from './learnedBiasBuckets.ts';
import { learnedBiasOffsetsFigure } from './learnedBiasOffsets.ts';
import { learningRateFigure } from './learningRate.ts';
import { mixingRatesVsKFigure } from './mixingRatesVsK.ts';
import { mixingRatesVsTFigure } from './mixingRatesVsT.ts';
import { objectiveLengthsFigure } from './objectiveLengths.ts';
import { objectiveTargetLengthsFigure } from './objectiveTargetLengths.ts';
import { runsLossFigure } from './runsLoss.ts';
import { tokenizerPieceLengthsFigure } from './tokenizerPieceLengths.ts';
import { trainLossFigure } from './trainLoss.ts';
import { comparisonPretrainingLossFigure } from './comparisonPretrainingLoss.ts';
import { experimentSeedsFigure } from './experimentSeeds.ts';
import { multitaskMetricsFigure } from './multitaskMetrics.ts';
import { scalingLossFigure } from './scalingLoss.ts';

/** One catalogued figure: the cell kind that shows it and the pure function that draws it. */
export interface FigureEntry {
  kind: string;
  // Each function has its own data and options; the catalogue only names it.
  draw: (...args: never[]) => unknown;
}

export const FIGURES = {
  'attention-grid': { kind: 'attention', draw: attentionGridFigure },
  'attention-map': { kind: 'attention', draw: attentionMapFigure },
  'attention-position-bias': { kind: 'attention', draw: attentionPositionBiasFigure },
  'attention-without-bias': { kind: 'attention', draw: attentionWithoutBiasFigure },
  'attention-masks': { kind: 'architectures', draw: attentionMasksFigure },
  'bucket-curve': { kind: 'buckets', draw: bucketCurveFigure },
  'bucket-grid': { kind: 'buckets', draw: bucketGridFigure },
  'learned-bias-buckets': { kind: 'buckets', draw: learnedBiasBucketsFigure },
  'learned-bias-offsets': { kind: 'buckets', draw: learnedBiasOffsetsFigure },
  'dataset-lengths': { kind: 'dataset', draw: datasetLengthsFigure },
  'mixing-rates-vs-k': { kind: 'mixing', draw: mixingRatesVsKFigure },
  'mixing-rates-vs-t': { kind: 'mixing', draw: mixingRatesVsTFigure },
  'objective-lengths': { kind: 'objectives', draw: objectiveLengthsFigure },
  'objective-target-lengths': { kind: 'objectives', draw: objectiveTargetLengthsFigure },
  'runs-loss': { kind: 'runs', draw: runsLossFigure },
  'tokenizer-piece-lengths': { kind: 'tokenizer', draw: tokenizerPieceLengthsFigure },
  'train-loss': { kind: 'train', draw: trainLossFigure },
  'learning-rate': { kind: 'train', draw: learningRateFigure },
} as const satisfies Record<string, FigureEntry>;

export type FigureName = keyof typeof FIGURES;

/**
 * The experiment cells' figures (comparison, multi-task, scaling, architecture comparison). Same
 * convention as FIGURES; their goldens are drawn from fixed experiment reports in
 * test/browser/figures/experimentGoldenFigures.ts, and `scaling-loss` is exported per axis
 * (`scaling-loss-vs-params`, `scaling-loss-vs-flops`).
 */
export const EXPERIMENT_FIGURES = {
  'comparison-pretraining-loss': { kind: 'comparison', draw: comparisonPretrainingLossFigure },
  'experiment-seeds': { kind: 'comparison', draw: experimentSeedsFigure },
  'multitask-metrics': { kind: 'multitask', draw: multitaskMetricsFigure },
  'scaling-loss': { kind: 'scaling', draw: scalingLossFigure },
} as const satisfies Record<string, FigureEntry>;

export type ExperimentFigureName = keyof typeof EXPERIMENT_FIGURES;

/** Every catalogued figure name, in catalogue order. */
export const FIGURE_NAMES = Object.keys(FIGURES) as FigureName[];

/** `bucket-curve` → `bucketCurve`: the module stem (src/figures/<stem>.ts); the function is `<stem>Figure`. */
export function figureModuleStem(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The catalogue entry of a figure name as an export names it, or undefined for a figure drawn
 * elsewhere (the model diagram, the experiment cells' figures until they are catalogued). A
 * name with a cell id in front (`task-data-dataset-lengths`, two dataset cells) is matched by
 * its catalogued suffix.
 */
export function catalogEntry(name: string): (FigureEntry & { name: FigureName; source: string }) | undefined {
  const match = name in FIGURES ? (name as FigureName) : FIGURE_NAMES.find((n) => name.endsWith(`-${n}`));
  if (!match) return undefined;
  return { ...FIGURES[match], name: match, source: `src/figures/${figureModuleStem(match)}.ts` };
}
