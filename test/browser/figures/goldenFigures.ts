/**
 * The figures behind the golden SVG files, rendered the same way by the golden test and by
 * scripts/update-golden.mjs (which writes them): every figure of the catalogue
 * (src/figures/catalog.ts) drawn by its own function on fixed data (the buckets and mixing cells'
 * default parameters, a seeded workbench-micro model on the cpu backend, a byte tokenizer,
 * synthetic histories, runs, lengths and statistics; nothing is trained and no cell is mounted),
 * plus a few variants and the figures not yet in the catalogue, all exported with a fixed-width
 * text measure so legend layout does not depend on installed fonts.
 */
import { html, render } from 'lit';
import * as tf from '@tensorflow/tfjs';
import { modelDiagramSvg } from '../../../cells/widgets/model-diagram.ts';
import { ScalingCell, type ScalingView } from '../../../cells/kinds/scaling.ts';
import type { TemplateResult } from 'lit';
import { FIGURE_NAMES, type FigureName } from '../../../src/figures/catalog.ts';
import type { FigureElement } from '../../../src/figures/figureOptions.ts';
import { attentionGridFigure } from '../../../src/figures/attentionGrid.ts';
import { attentionMapFigure } from '../../../src/figures/attentionMap.ts';
import { attentionMasksCaption, attentionMasksFigure, type MaskView } from '../../../src/figures/attentionMasks.ts';
import { attentionPositionBiasFigure } from '../../../src/figures/attentionPositionBias.ts';
import { attentionWithoutBiasFigure } from '../../../src/figures/attentionWithoutBias.ts';
import { bucketCurveCaption, bucketCurveFigure } from '../../../src/figures/bucketCurve.ts';
import { bucketGridCaption, bucketGridFigure } from '../../../src/figures/bucketGrid.ts';
import { datasetLengthsCaption, datasetLengthsFigure } from '../../../src/figures/datasetLengths.ts';
import { binLengthArrays } from '../../../src/data/lengthBins.ts';
import { learnedBiasBucketsCaption, learnedBiasBucketsFigure } from '../../../src/figures/learnedBiasBuckets.ts';
import { learnedBiasOffsetsCaption, learnedBiasOffsetsFigure } from '../../../src/figures/learnedBiasOffsets.ts';
import { learningRateFigure } from '../../../src/figures/learningRate.ts';
import { mixingRatesVsKCaption, mixingRatesVsKFigure } from '../../../src/figures/mixingRatesVsK.ts';
import { mixingRatesVsTCaption, mixingRatesVsTFigure } from '../../../src/figures/mixingRatesVsT.ts';
import { objectiveLengthsCaption, objectiveLengthsFigure } from '../../../src/figures/objectiveLengths.ts';
import { objectiveTargetLengthsCaption, objectiveTargetLengthsFigure } from '../../../src/figures/objectiveTargetLengths.ts';
import { runsLossFigure } from '../../../src/figures/runsLoss.ts';
import { tokenizerPieceLengthsCaption, tokenizerPieceLengthsFigure } from '../../../src/figures/tokenizerPieceLengths.ts';
import { trainLossFigure } from '../../../src/figures/trainLoss.ts';
import { targetLengthCurve, type ObjectiveStats } from '../../../src/plots/objectiveStats.ts';
import type { MixingFigureData } from '../../../src/plots/mixingStyle.ts';
import { rateSweepOverK, rateSweepOverT } from '../../../src/plots/mixingCurves.ts';
import { mixedTasks, mixingParams, strategyOf } from '../../../src/tasks/mixingSetup.ts';
import { mixingRates } from '../../../src/tasks/mixingRates.ts';
import { OBJECTIVE_NAMES } from '../../../src/objectives/objectives.ts';
import type { HistoryEntry } from '../../../src/training/trainerState.ts';
import type { LengthRow } from '../../../src/data/datasetValue.ts';
import { attentionSnapshot, positionBias, type AttentionSnapshot } from '../../../src/model/attentionSnapshot.ts';
import { ByteTokenizer } from '../../../src/tokenizers/byteTokenizer.ts';
import { chipsOf } from '../../../src/tokenizers/tokenizerSummary.ts';
import { visiblePiece } from '../../../src/tokenizers/visiblePiece.ts';
import type { PieceLengthRow } from '../../../src/tokenizers/tokenizerSummary.ts';
import { MASK_PATTERNS, maskCells } from '../../../src/model/architecture.ts';
import { fitSweep } from '../../../src/experiments/scalingSweep.ts';
import type { RunRecord } from '../../../src/runs/runRecord.ts';
import { preset } from '../../../src/model/presets.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import { readBiasTables, type BiasTable } from '../../../src/plots/learnedBias.ts';
import { standaloneSvg, type TextMeasure } from '../../../src/plots/standaloneSvg.ts';

/** 0.6 em per character: a monospace-like estimate, the same on every machine. */
export const fixedWidthMeasure: TextMeasure = (text, font) => text.length * font.size * 0.6;

/** Two fixed runs (only what the overlay reads: id, name, history), one converging faster. */
export function fixedRuns(): RunRecord[] {
  const run = (id: string, name: string, rate: number) => ({
    id,
    name,
    history: Array.from({ length: 30 }, (_, i) => ({ step: (i + 1) * 10, loss: 5 * Math.exp(-(i + 1) * rate) + 2 + 0.15 * Math.cos(i * 1.7), learningRate: 0.01, gradNorm: 1, tokensSeen: 0, examplesSeen: 0 })),
  });
  return [run('run-golden-aaaa', 'width ×1', 0.08), run('run-golden-bbbb', 'width ×2', 0.12)] as unknown as RunRecord[];
}

/** A fixed model-size sweep: four sizes and a 4× ensemble, same tokens, losses falling as a power law. */
export function fixedScalingView(): ScalingView {
  // Four sizes off an exact power law by ±0.02, so the fit's rmse is a real number, not rounding noise.
  const points = [1, 2, 4, 8].map((m, i) => ({ key: `w${m}`, label: `width ×${m}`, params: 2e5 * m, flops: 6e11 * m, tokens: 5e5, loss: 3 * (2e5 * m) ** -0.2 + 1.5 + (i % 2 ? 0.02 : -0.02), members: 1, runIds: [`w${m}`] }));
  points.push({ key: 'ens', label: '4× ensemble', params: 8e5, flops: 2.4e12, tokens: 5e5, loss: 1.62, members: 4, runIds: ['e0', 'e1', 'e2', 'e3'] });
  const fits: ScalingView['fits'] = {};
  for (const axis of ['params', 'flops'] as const) {
    const f = fitSweep(points, axis);
    if (f) fits[axis] = f;
  }
  return { sweep: 'width', points, fits, seconds: 1 };
}

/** A fixed synthetic training history (no training): 40 logged steps, warm-up then inverse-sqrt decay, validation every 10. */
export function syntheticHistory(): HistoryEntry[] {
  return Array.from({ length: 40 }, (_, i) => {
    const step = (i + 1) * 25;
    return {
      step,
      loss: 6 * Math.exp(-step / 400) + 1.5 + 0.1 * Math.sin(step / 30),
      learningRate: 0.01 * Math.min(step / 250, Math.sqrt(250 / step)),
      gradNorm: 1,
      tokensSeen: step * 1024,
      examplesSeen: step * 16,
      ...((i + 1) % 10 === 0 ? { valLoss: 6 * Math.exp(-step / 400) + 1.7 } : {}),
    };
  });
}

/** A fixed small task dataset's lengths: 60 inputs and 60 targets with deterministic lengths. */
export function fixedLengthRows(): LengthRow[] {
  const rows: LengthRow[] = [];
  for (let i = 0; i < 60; i++) rows.push({ field: 'input', chars: 40 + ((i * 37) % 160) }, { field: 'target', chars: 5 + ((i * 13) % 50) });
  return rows;
}

/** The mixing cell's view at its default parameters (the paper's 23 tasks, K = 2^19), computed as the cell computes it. */
export function fixedMixingView(): MixingFigureData {
  const params = mixingParams({ strategy: 'proportional', log2K: 19, T: 2, paperTasks: true, userSizes: {}, includeTask: false });
  const { sizes, groups } = mixedTasks(params);
  const K = 2 ** params.log2K;
  const sweepT = params.strategy === 'temperature' ? params.T : 1;
  return {
    params,
    sizes,
    groups,
    rates: mixingRates(strategyOf(params), sizes),
    kSweep: { T: sweepT, rows: rateSweepOverK(sizes, { T: sweepT, groups }) },
    tSweep: { K, rows: rateSweepOverT(sizes, { K, groups }) },
  };
}

/** The mask patterns over "The cat" ⧺ "sat." in a byte tokenizer (12 tokens at most), as the architectures cell builds them. */
export function fixedMaskView(): MaskView {
  const tokenizer = new ByteTokenizer();
  const ids = (text: string) => tokenizer.encode(text).filter((id) => id !== 1);
  const input = chipsOf(tokenizer, ids('The cat')).map((c) => visiblePiece(c.piece));
  const target = chipsOf(tokenizer, ids('sat.')).map((c) => visiblePiece(c.piece));
  const tokens = [...input, ...target].slice(0, 12);
  const prefixLength = Math.min(input.length, tokens.length);
  return { tokens, prefixLength, cells: MASK_PATTERNS.flatMap((pattern) => maskCells(pattern, tokens, prefixLength)) };
}

/** A fixed vocabulary's piece-length counts (1 to 14 characters, most pieces 4 to 6 long). */
export function fixedPieceLengths(): PieceLengthRow[] {
  return Array.from({ length: 14 }, (_, i) => ({ length: i + 1, pieces: Math.round(900 * Math.exp(-(((i + 1 - 5) / 3) ** 2))) + 3 }));
}

/** Fixed statistics of every objective (mean input and target lengths of 64 segments of 100 tokens). */
export function fixedObjectiveStats(): ObjectiveStats[] {
  return OBJECTIVE_NAMES.map((objective, i) => {
    const input = 101 - ((i * 17) % 40);
    const target = 10 + ((i * 29) % 92);
    return {
      objective,
      segments: 64,
      tokens: 100,
      noiseRate: 0.15,
      spans: 5,
      inputLength: { mean: input, min: input - 3, max: input + 2 },
      targetLength: { mean: target, min: target - 2, max: target + 4 },
    };
  });
}

/** What the seeded, untrained workbench-micro model gives on the cpu backend: its bias tables and an attention snapshot. */
async function seededModelData(): Promise<{ tables: BiasTable[]; snapshot: AttentionSnapshot }> {
  const previous = tf.getBackend();
  await tf.setBackend('cpu');
  await tf.ready();
  const model = T5Model.create(preset('workbench-micro'), { seed: 1 });
  try {
    return {
      tables: await readBiasTables(model),
      snapshot: await attentionSnapshot(model, new ByteTokenizer(), 'The cat sat.', 'Le chat.', { maxTokens: 16 }),
    };
  } finally {
    model.dispose();
    if (previous && previous !== 'cpu') await tf.setBackend(previous);
  }
}

/** One golden export: the drawn figure, the caption its cell shows under it, and whether the export draws that caption. */
interface GoldenCase {
  draw: (doc: Document) => FigureElement | undefined;
  caption?: string;
  drawCaption?: boolean;
}

/** Variants of catalogued figures, and figures drawn outside src/figures (the lit model diagram; the experiment cells' figures). */
export const EXTRA_GOLDEN_NAMES = ['bucket-curve-caption', 'runs-loss-log-y', 'model-diagram', 'scaling-loss-vs-params', 'scaling-loss-vs-flops'] as const;

export type GoldenName = FigureName | (typeof EXTRA_GOLDEN_NAMES)[number];

/** Every catalogued figure on its fixed data, keyed by its name (= its golden file): the type asks for one per catalogue entry. */
async function goldenCases(): Promise<Record<FigureName, GoldenCase>> {
  const { tables, snapshot } = await seededModelData();
  const buckets = { numBuckets: 32, maxDistance: 128, gridLength: 40 };
  const mixing = fixedMixingView();
  const masks = fixedMaskView();
  const history = syntheticHistory();
  const lengthRowsFixed = fixedLengthRows();
  const lengths = binLengthArrays(
    (['input', 'target'] as const).map((f) => [f, Uint32Array.from(lengthRowsFixed.filter((r) => r.field === f), (r) => r.chars)] as const),
  );
  const source = 'workbench-micro (seed 1, untrained)';
  const decoderBias = positionBias(snapshot, 'decoderSelf', 1);
  const encoderBias = positionBias(snapshot, 'encoderSelf', 0);
  if (!decoderBias || !encoderBias) throw new Error('the seeded model has no position bias to draw');
  return {
    'bucket-curve': { draw: (document) => bucketCurveFigure(buckets, { document }), caption: bucketCurveCaption() },
    'bucket-grid': { draw: (document) => bucketGridFigure(buckets, { document }), caption: bucketGridCaption() },
    'learned-bias-buckets': { draw: (document) => learnedBiasBucketsFigure(tables, { source, document }), caption: learnedBiasBucketsCaption() },
    'learned-bias-offsets': { draw: (document) => learnedBiasOffsetsFigure(tables, { source, document }), caption: learnedBiasOffsetsCaption() },
    'mixing-rates-vs-k': { draw: (document) => mixingRatesVsKFigure(mixing, { document }), caption: mixingRatesVsKCaption(mixing) },
    'mixing-rates-vs-t': { draw: (document) => mixingRatesVsTFigure(mixing, { document }), caption: mixingRatesVsTCaption(mixing) },
    'objective-target-lengths': {
      draw: (document) => objectiveTargetLengthsFigure(targetLengthCurve({ seed: 0 }), { density: 0.15, document }),
      caption: objectiveTargetLengthsCaption(),
    },
    'objective-lengths': {
      draw: (document) => objectiveLengthsFigure(fixedObjectiveStats(), { segments: 64, corpus: 'golden-corpus', document }),
      caption: objectiveLengthsCaption({ inputsLength: 100 }),
    },
    'dataset-lengths': {
      draw: (document) => datasetLengthsFigure(lengths, { summary: { name: 'golden-task', kind: 'task' }, document }),
      caption: datasetLengthsCaption(lengths),
    },
    'tokenizer-piece-lengths': {
      draw: (document) => tokenizerPieceLengthsFigure(fixedPieceLengths(), { source: 'golden-corpus', learned: true, document }),
      caption: tokenizerPieceLengthsCaption(),
    },
    'train-loss': { draw: (document) => trainLossFigure(history, { name: 'golden', document }) },
    'learning-rate': { draw: (document) => learningRateFigure(history, { name: 'golden', document }) },
    // The runs cell's overlay at its defaults (smoothing 0.6, linear axes).
    'runs-loss': { draw: (document) => runsLossFigure(fixedRuns(), { smoothing: 0.6, document }) },
    'attention-masks': { draw: (document) => attentionMasksFigure(masks, { document }), caption: attentionMasksCaption(masks) },
    'attention-grid': { draw: (document) => attentionGridFigure(snapshot, { kind: 'encoderSelf', selected: { layer: 0, head: 0 }, document }) },
    'attention-map': {
      draw: (document) =>
        attentionMapFigure(snapshot, {
          kind: 'cross',
          values: snapshot.maps.cross[1][2],
          label: 'cross-attention weights, layer 1, head 2, with token labels',
          what: 'weight',
          document,
        }),
    },
    'attention-position-bias': { draw: (document) => attentionPositionBiasFigure(snapshot, { kind: 'decoderSelf', head: 1, bias: decoderBias, document }) },
    'attention-without-bias': {
      draw: (document) => attentionWithoutBiasFigure(snapshot, { kind: 'encoderSelf', layer: 0, head: 0, bias: encoderBias, document }),
    },
  };
}

/** The host every golden figure is drawn in: a fixed page font and width, as a cell's column. */
function goldenHost(doc: Document): HTMLElement {
  const host = doc.createElement('div');
  host.style.font = '13px/1.5 system-ui, sans-serif';
  host.style.width = '1000px';
  doc.body.append(host);
  return host;
}

/**
 * Puts `element` in a `<figure data-figure=name>` with the caption its cell shows (styled as the
 * cells style captions: 12 px, #555, 4 px above) and exports it as stand-alone SVG text.
 */
export async function exportFigure(doc: Document, element: Element, name: string, caption?: string, drawCaption = false): Promise<string> {
  const host = goldenHost(doc);
  try {
    const figure = doc.createElement('figure');
    figure.setAttribute('data-figure', name);
    figure.append(element);
    if (caption) {
      const figcaption = doc.createElement('figcaption');
      figcaption.style.fontSize = '12px';
      figcaption.style.color = '#555';
      figcaption.style.marginTop = '4px';
      figcaption.textContent = caption;
      figure.append(figcaption);
    }
    host.append(figure);
    await new Promise((r) => requestAnimationFrame(r));
    return standaloneSvg(figure, { caption: drawCaption, measureText: fixedWidthMeasure }).text + '\n';
  } finally {
    host.remove();
  }
}

/** Renders a lit template (figures not drawn by src/figures) and exports its `figure[data-figure=name]`. */
export async function exportTemplate(doc: Document, template: TemplateResult, name: string): Promise<string> {
  const host = goldenHost(doc);
  try {
    render(template, host);
    await new Promise((r) => requestAnimationFrame(r));
    const figure = host.querySelector(`figure[data-figure="${name}"]`);
    if (!figure) throw new Error(`no figure "${name}" in the rendered template`);
    return standaloneSvg(figure, { caption: false, measureText: fixedWidthMeasure }).text + '\n';
  } finally {
    render(null, host);
    host.remove();
  }
}

/** Renders every golden figure and returns name → stand-alone SVG text. */
export async function renderGoldenSvgs(doc: Document = document): Promise<Record<GoldenName, string>> {
  const cases = await goldenCases();
  const out = {} as Record<GoldenName, string>;
  for (const name of FIGURE_NAMES) {
    const { draw, caption, drawCaption } = cases[name];
    const element = draw(doc);
    if (!element) throw new Error(`${name}: the fixed data draws no figure`);
    out[name] = await exportFigure(doc, element, name, caption, drawCaption);
  }
  out['bucket-curve-caption'] = await exportFigure(doc, cases['bucket-curve'].draw(doc)!, 'bucket-curve', cases['bucket-curve'].caption, true);
  // Log y over one decade (losses 2 to 7): Plot alone labels no tick there.
  out['runs-loss-log-y'] = await exportFigure(doc, runsLossFigure(fixedRuns(), { smoothing: 0.6, logY: true, document: doc })!, 'runs-loss');
  out['model-diagram'] = await exportTemplate(doc, html`<figure data-figure="model-diagram">${modelDiagramSvg(preset('workbench-micro'))}</figure>`, 'model-diagram');
  // The scaling cell's figures are drawn by the cell (the experiment cells' figures move to src/figures separately).
  const scalingFigure = (ScalingCell.prototype as unknown as { figure(v: ScalingView, axis: 'params' | 'flops', label: string, caption: string): TemplateResult }).figure;
  const scaling = fixedScalingView();
  out['scaling-loss-vs-params'] = await exportTemplate(doc, scalingFigure.call(null, scaling, 'params', 'parameters N →', 'parameters from parameterCount() of the config each run built'), 'scaling-loss-vs-params');
  out['scaling-loss-vs-flops'] = await exportTemplate(
    doc,
    scalingFigure.call(null, scaling, 'flops', 'training FLOPs C →', 'FLOPs = flopsPerToken(config).trainingPerToken (3 × the forward matmul count, encoder tokens through the encoder, decoder tokens through the decoder) × steps · batch · (input + target length), src/scaling/runCompute.ts'),
    'scaling-loss-vs-flops',
  );
  return out;
}

/**
 * What the golden comparison ignores: the bytes of embedded PNGs (Plot draws colour ramps to a
 * canvas and embeds `toDataURL()`, whose encoding may change between Chromium versions while
 * the SVG around it does not), and digits of coordinates past the sixth decimal: V8's Math.log
 * and Math.pow may round the last bit differently between Chromium versions (150 and 156 put
 * log-scale grid lines 5e-14 px apart), which is no difference in the figure.
 */
export function normaliseSvg(svg: string): string {
  return svg
    .replace(/data:image\/png;base64,[A-Za-z0-9+/=]+/g, 'data:image/png;base64,…')
    .replace(/\r\n/g, '\n')
    .replace(/-?\d+\.\d{7,}/g, (n) => Number(n).toFixed(6));
}
