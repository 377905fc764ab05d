/**
 * The figures behind the golden SVG files, rendered the same way by the golden test and by
 * scripts/update-golden.mjs (which writes them): the buckets and mixing cells with their default parameters,
 * and the other cells' figure functions called on fixed inputs (a seeded workbench-micro model on the cpu
 * backend, a byte tokenizer, synthetic histories, runs and sweep rows; nothing is trained), all exported
 * with a fixed-width text measure so legend layout does not depend on installed fonts.
 */
import '../../../cells/kinds/buckets.ts';
import '../../../cells/kinds/mixing.ts';
import { html, render, type TemplateResult } from 'lit';
import * as tf from '@tensorflow/tfjs';
import { modelDiagramSvg } from '../../../cells/widgets/model-diagram.ts';
import { biasBucketFigure, biasOffsetFigure } from '../../../cells/figures/learned-bias-figures.ts';
import { ObjectivesCell } from '../../../cells/kinds/objectives.ts';
import { datasetLengthFigure } from '../../../cells/figures/dataset-length-figure.ts';
import { learningRateFigure, lossFigure } from '../../../cells/figures/train-figures.ts';
import { targetLengthCurve } from '../../../src/plots/objectiveStats.ts';
import type { HistoryEntry } from '../../../src/training/trainerState.ts';
import type { LengthRow } from '../../../src/data/datasetValue.ts';
import { attentionGridPlot, attentionMapPlot } from '../../../cells/figures/attention-figures.ts';
import { attentionSnapshot } from '../../../src/model/attentionSnapshot.ts';
import { ByteTokenizer } from '../../../src/tokenizers/byteTokenizer.ts';
import { RunsCell } from '../../../cells/kinds/runs.ts';
import { ArchitecturesCell, maskTokens, type MaskView } from '../../../cells/kinds/architectures.ts';
import { ScalingCell, type ScalingView } from '../../../cells/kinds/scaling.ts';
import { MASK_PATTERNS, maskCells } from '../../../src/model/architecture.ts';
import { fitSweep, type SweepAxis } from '../../../src/experiments/scalingSweep.ts';
import type { RunRecord } from '../../../src/runs/runRecord.ts';
import { preset } from '../../../src/model/presets.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import { readBiasTables } from '../../../src/plots/learnedBias.ts';
import { standaloneSvg, type TextMeasure } from '../../../src/plots/standaloneSvg.ts';
import type { CellSpec } from '../../../src/notebook/notebookDocument.ts';

/** 0.6 em per character: a monospace-like estimate, the same on every machine. */
export const fixedWidthMeasure: TextMeasure = (text, font) => text.length * font.size * 0.6;

/** Golden file name (without `.svg`) → how it is exported. */
export const GOLDEN_EXPORTS = {
  'bucket-curve': { figure: 'bucket-curve', caption: false },
  'bucket-grid': { figure: 'bucket-grid', caption: false },
  'bucket-curve-caption': { figure: 'bucket-curve', caption: true },
} as const;

/** Golden exports of the mixing cell (default parameters: the paper's 23 tasks, K = 2^19). */
export const MIXING_GOLDEN_EXPORTS = {
  'mixing-rates-vs-k': { figure: 'mixing-rates-vs-k', caption: false },
  'mixing-rates-vs-t': { figure: 'mixing-rates-vs-t', caption: false },
} as const;

/** Golden exports of figures built directly from their cells' figure functions on fixed inputs. */
export const TEMPLATE_GOLDEN_NAMES = [
  'model-diagram', 'learned-bias-buckets', 'learned-bias-offsets', 'objective-target-lengths', 'dataset-lengths', 'train-loss', 'learning-rate',
  'attention-grid', 'attention-map', 'runs-loss', 'runs-loss-log-y', 'attention-masks', 'scaling-loss-vs-params', 'scaling-loss-vs-flops',
] as const;

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

export type GoldenName = keyof typeof GOLDEN_EXPORTS | keyof typeof MIXING_GOLDEN_EXPORTS | (typeof TEMPLATE_GOLDEN_NAMES)[number];

type LitLike = HTMLElement & { spec: CellSpec; updateComplete: Promise<unknown> };

/** Mounts a buckets cell (default parameters) in a container with a fixed page font. */
export async function mountBucketsCell(doc: Document = document): Promise<{ cell: LitLike; remove: () => void }> {
  const host = doc.createElement('div');
  host.style.font = '13px/1.5 system-ui, sans-serif';
  host.style.width = '1000px';
  const cell = doc.createElement('t5-buckets-cell') as LitLike;
  cell.spec = { id: 'golden', kind: 'buckets', params: { numBuckets: 32, maxDistance: 128, gridLength: 40 } };
  host.append(cell);
  doc.body.append(host);
  await cell.updateComplete;
  return { cell, remove: () => host.remove() };
}

export function bucketsFigure(cell: HTMLElement, name: string): Element {
  const figure = cell.shadowRoot?.querySelector(`figure[data-figure="${name}"]`);
  if (!figure) throw new Error(`no figure "${name}" in the buckets cell`);
  return figure;
}

/** Renders every golden figure and returns name → stand-alone SVG text. */
export async function renderGoldenSvgs(doc: Document = document): Promise<Record<GoldenName, string>> {
  const { cell, remove } = await mountBucketsCell(doc);
  try {
    const out = {} as Record<GoldenName, string>;
    for (const [name, spec] of Object.entries(GOLDEN_EXPORTS) as [keyof typeof GOLDEN_EXPORTS, (typeof GOLDEN_EXPORTS)[keyof typeof GOLDEN_EXPORTS]][]) {
      out[name] = standaloneSvg(bucketsFigure(cell, spec.figure), { caption: spec.caption, measureText: fixedWidthMeasure }).text + '\n';
    }
    Object.assign(out, await renderMixingGoldenSvgs(doc));
    Object.assign(out, await renderTemplateGoldenSvgs(doc));
    return out;
  } finally {
    remove();
  }
}

/** The mixing cell's golden figures, rendered from its default parameters without a runtime. */
async function renderMixingGoldenSvgs(doc: Document): Promise<Record<keyof typeof MIXING_GOLDEN_EXPORTS, string>> {
  const host = doc.createElement('div');
  host.style.font = '13px/1.5 system-ui, sans-serif';
  host.style.width = '1000px';
  const cell = doc.createElement('t5-mixing-cell') as LitLike;
  cell.spec = { id: 'golden', kind: 'mixing', params: { strategy: 'proportional', log2K: 19, T: 2, paperTasks: true, userSizes: {}, includeTask: false } };
  host.append(cell);
  doc.body.append(host);
  try {
    await cell.updateComplete;
    const out = {} as Record<keyof typeof MIXING_GOLDEN_EXPORTS, string>;
    for (const [name, spec] of Object.entries(MIXING_GOLDEN_EXPORTS) as [keyof typeof MIXING_GOLDEN_EXPORTS, (typeof MIXING_GOLDEN_EXPORTS)[keyof typeof MIXING_GOLDEN_EXPORTS]][]) {
      const figure = cell.shadowRoot?.querySelector(`figure[data-figure="${spec.figure}"]`);
      if (!figure) throw new Error(`no figure "${spec.figure}" in the mixing cell`);
      out[name] = standaloneSvg(figure, { caption: spec.caption, measureText: fixedWidthMeasure }).text + '\n';
    }
    return out;
  } finally {
    host.remove();
  }
}

/** Renders a cell's figure template in a fixed-font container and exports its `figure[data-figure=name]`. */
export async function exportTemplate(doc: Document, template: TemplateResult, name: string): Promise<string> {
  const host = doc.createElement('div');
  host.style.font = '13px/1.5 system-ui, sans-serif';
  host.style.width = '1000px';
  doc.body.append(host);
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

/** Figures built from fixed inputs: the workbench-micro diagram; its seeded (untrained) bias tables on cpu. */
async function renderTemplateGoldenSvgs(doc: Document): Promise<Record<(typeof TEMPLATE_GOLDEN_NAMES)[number], string>> {
  const config = preset('workbench-micro');
  const diagram = await exportTemplate(doc, html`<figure data-figure="model-diagram">${modelDiagramSvg(config)}</figure>`, 'model-diagram');
  const previous = tf.getBackend();
  await tf.setBackend('cpu');
  await tf.ready();
  const model = T5Model.create(config, { seed: 1 });
  let tables;
  let snapshot;
  try {
    tables = await readBiasTables(model);
    snapshot = await attentionSnapshot(model, new ByteTokenizer(), 'The cat sat.', 'Le chat.', { maxTokens: 16 });
  } finally {
    model.dispose();
    if (previous && previous !== 'cpu') await tf.setBackend(previous);
  }
  const source = 'workbench-micro (seed 1, untrained)';
  // The objectives cell's curve figure reads only `curve` and `density` of its view (computed the same way).
  const curveFigure = (ObjectivesCell.prototype as unknown as { curveFigure(v: { curve: unknown; density: number }): TemplateResult }).curveFigure;
  const history = syntheticHistory();
  const lengths = fixedLengthRows();
  const runsCurves = (RunsCell.prototype as unknown as { curves(runs: RunRecord[]): TemplateResult }).curves;
  const maskFigure = (ArchitecturesCell.prototype as unknown as { figure(v: MaskView): TemplateResult }).figure;
  const { tokens, prefixLength } = maskTokens(new ByteTokenizer(), 'The cat', 'sat.', 12);
  const masks: MaskView = { tokens, prefixLength, cells: MASK_PATTERNS.flatMap((pattern) => maskCells(pattern, tokens, prefixLength)) };
  const scalingFigure = (ScalingCell.prototype as unknown as { figure(v: ScalingView, axis: SweepAxis, label: string, caption: string): TemplateResult }).figure;
  const scaling = fixedScalingView();
  return {
    // The runs cell's overlay reads `smoothing` and the log-axis flags from the cell: its defaults.
    'runs-loss': await exportTemplate(doc, runsCurves.call({ smoothing: 0.6, flag: () => false }, fixedRuns()), 'runs-loss'),
    // Log y over one decade (losses 2 to 7): Plot alone labels no tick there.
    'runs-loss-log-y': await exportTemplate(doc, runsCurves.call({ smoothing: 0.6, flag: (n: string) => n === 'logY' }, fixedRuns()), 'runs-loss'),
    'attention-masks': await exportTemplate(doc, maskFigure.call(null, masks), 'attention-masks'),
    'scaling-loss-vs-params': await exportTemplate(doc, scalingFigure.call(null, scaling, 'params', 'parameters N →', 'parameters from parameterCount() of the config each run built'), 'scaling-loss-vs-params'),
    'scaling-loss-vs-flops': await exportTemplate(doc, scalingFigure.call(null, scaling, 'flops', 'training FLOPs C →', 'FLOPs = flopsPerToken(config).trainingPerToken (3 × the forward matmul count, encoder tokens through the encoder, decoder tokens through the decoder) × steps · batch · (input + target length), src/scaling/runCompute.ts'), 'scaling-loss-vs-flops'),
    'objective-target-lengths': await exportTemplate(doc, curveFigure.call(null, { curve: targetLengthCurve({ seed: 0 }), density: 0.15 }), 'objective-target-lengths'),
    'dataset-lengths': await exportTemplate(doc, datasetLengthFigure(lengths, { name: 'golden-task', kind: 'task', rows: 60, train: 54, validation: 6, chars: lengths.reduce((a, r) => a + r.chars, 0) }), 'dataset-lengths'),
    'train-loss': await exportTemplate(doc, html`<figure data-figure="train-loss">${lossFigure(history, 'golden')}</figure>`, 'train-loss'),
    'learning-rate': await exportTemplate(doc, html`<figure data-figure="learning-rate">${learningRateFigure(history, 'golden')}</figure>`, 'learning-rate'),
    'model-diagram': diagram,
    'attention-grid': await exportTemplate(doc, html`<figure data-figure="attention-grid">${attentionGridPlot(snapshot, 'encoderSelf', { layer: 0, head: 0 })}</figure>`, 'attention-grid'),
    'attention-map': await exportTemplate(doc, html`<figure data-figure="attention-map">${attentionMapPlot(snapshot, 'cross', snapshot.maps.cross[1][2], { label: 'cross-attention weights, layer 1, head 2, with token labels', what: 'weight' })}</figure>`, 'attention-map'),
    'learned-bias-buckets': await exportTemplate(doc, biasBucketFigure(tables, source), 'learned-bias-buckets'),
    'learned-bias-offsets': await exportTemplate(doc, biasOffsetFigure(tables, source), 'learned-bias-offsets'),
  };
}

/**
 * What the golden comparison ignores: the bytes of embedded PNGs (Plot draws colour ramps to a
 * canvas and embeds `toDataURL()`, whose encoding may change between Chromium versions while
 * the SVG around it does not).
 */
export function normaliseSvg(svg: string): string {
  return svg.replace(/data:image\/png;base64,[A-Za-z0-9+/=]+/g, 'data:image/png;base64,…').replace(/\r\n/g, '\n');
}
