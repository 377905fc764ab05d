import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import '../../../cells/kinds/tokenizer.ts';
import '../../../cells/kinds/model.ts';
import '../../../cells/kinds/attention.ts';
import type { AttentionCell } from '../../../cells/kinds/attention.ts';
import type { ModelCell } from '../../../cells/kinds/model.ts';
import { disposeAttention, type T5Model } from '../../../src/model/t5Model.ts';
import type { AttentionSnapshot } from '../../../src/model/attentionSnapshot.ts';
import type { Tokenizer } from '../../../src/tokenizers/tokenizer.ts';
import { figureData } from '../../../src/plots/figureRows.ts';
import type { MapRow } from '../../../src/figures/attentionMap.ts';
import { figureSvg } from '../../../src/plots/figureExport.ts';
import { useBackend } from '../helpers/backends.ts';
import { CellHarness, editParams, rendered } from './harness.ts';

const INPUT = 'summarize: the cat sat';
const TARGET = 'a cat';

describe('attention cell', () => {
  let h: CellHarness;
  let cell: AttentionCell;
  let modelCell: ModelCell;
  const root = () => cell.shadowRoot!;
  const figure = (name: string) => root().querySelector(`figure[data-figure="${name}"]`);
  const snapshot = () => h.runtime.state('att')!.outputs!.snapshot as AttentionSnapshot;

  before(async () => {
    await useBackend('cpu');
    h = new CellHarness(3);
    h.add('t5-tokenizer-cell', 'tok', 'tokenizer', { type: 'byte' });
    modelCell = h.add<ModelCell>('t5-model-cell', 'model', 'model', {
      preset: 'workbench-micro',
      config: { numLayers: 2, numDecoderLayers: 2, numHeads: 2 },
    });
    cell = h.add<AttentionCell>('t5-attention-cell', 'att', 'attention', {
      inputText: INPUT,
      targetText: TARGET,
      maxTokens: 32,
      view: 'encoderSelf',
      layer: 0,
      head: 0,
    });
  });
  after(() => h.dispose());

  it("shows the layer × head grid and a large map whose weights are the model's own attention", async () => {
    await h.ok('att');
    await rendered(cell);
    const model = h.runtime.state('model')!.outputs!.model as T5Model;
    const tok = h.runtime.state('tok')!.outputs!.tokenizer as Tokenizer;
    const ids = [...tok.encode(INPUT), 1];
    const labels = [...tok.encode(TARGET), 1];
    const out = model.forward({
      inputIds: tf.tensor2d([ids], undefined, 'int32'),
      labels: tf.tensor2d([labels], undefined, 'int32'),
      captureAttention: true,
    });
    const reference = await out.attention!.encoderSelf[0].data();
    disposeAttention(out.attention);
    tf.dispose([out.logits, out.loss]);

    const L = ids.length;
    const grid = figure('attention-grid')!;
    assert.include(grid.querySelector('[aria-label]')!.getAttribute('aria-label'), 'encoder self-attention: 2 layers × 2 heads');
    assert.lengthOf(figureData(grid)!, 2 * 2 * L * L);
    const rows = figureData(figure('attention-map')!) as MapRow[];
    assert.lengthOf(rows, L * L);
    for (const r of rows) assert.closeTo(r.value, reference[r.query * L + r.key], 1e-6);
    for (let q = 0; q < L; q++)
      assert.closeTo(
        rows.filter((r) => r.query === q).reduce((s, r) => s + r.value, 0),
        1,
        1e-4,
      );
    const labelsOnAxis = [...figure('attention-map')!.querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => t.textContent);
    assert.deepEqual(labelsOnAxis.slice(0, 4), ['s', 'u', 'm', 'm']);
    assert.equal(labelsOnAxis.at(-1), '</s>');
    for (const name of ['attention-grid', 'attention-map']) {
      const svg = new DOMParser().parseFromString(figureSvg(figure(name)!), 'image/svg+xml');
      assert.isNull(svg.querySelector('parsererror'), `${name} exports as stand-alone SVG`);
    }
  });

  it('frees every tensor of its forward pass', async () => {
    await h.ok('att');
    const before = tf.memory().numTensors;
    const runs = h.runtime.state('att')!.runs;
    h.runtime.run('att');
    await h.ok('att', runs);
    assert.equal(tf.memory().numTensors, before);
  });

  it('highlights the row of a hovered token and of a hovered cell, and reads the weight out', async () => {
    const chips = root().querySelectorAll('[data-axis="query"] .chip');
    chips[3].dispatchEvent(new PointerEvent('pointerenter'));
    await rendered(cell);
    const map = figure('attention-map')!;
    const rects = map.querySelectorAll('g.t5-hover rect');
    assert.lengthOf(rects, 1, 'one row band');
    assert.isTrue(chips[3].classList.contains('hot'));
    assert.match(root().querySelector('[data-readout]')!.textContent!, /query “m” \(3\) attends most to/);
    // Hover the cell (query 2, key 4) of the large map.
    const svg = [...map.querySelectorAll('svg')].at(-1)!;
    const plot = map.querySelector('figure, svg') as unknown as { scale(n: string): { apply(v: number): number; bandwidth: number } };
    const at = (axis: string, i: number) => plot.scale(axis).apply(i) + plot.scale(axis).bandwidth / 2;
    const p = new DOMPoint(at('x', 4), at('y', 2)).matrixTransform(svg.getScreenCTM()!);
    map.dispatchEvent(new PointerEvent('pointermove', { clientX: p.x, clientY: p.y, bubbles: true }));
    await rendered(cell);
    assert.lengthOf(map.querySelectorAll('g.t5-hover rect'), 2, 'row and column');
    const weight = snapshot().maps.encoderSelf[0][0][2 * snapshot().inputTokens.length + 4];
    assert.include(root().querySelector('[data-readout]')!.textContent, `(2) → “a” (4): weight ${weight.toFixed(3)}`);
  });

  it('enlarges the grid map that is clicked, without re-running', async () => {
    const runs = h.runtime.state('att')!.runs;
    const grid = figure('attention-grid')!;
    const svg = [...grid.querySelectorAll('svg')].at(-1)!;
    const plot = grid.querySelector('figure, svg') as unknown as { scale(n: string): { apply(v: number): number; bandwidth: number } };
    const center = (axis: string, i: number) => plot.scale(axis).apply(i) + plot.scale(axis).bandwidth / 2;
    const p = new DOMPoint(center('fx', 1), center('fy', 1)).matrixTransform(svg.getScreenCTM()!);
    grid.dispatchEvent(new MouseEvent('click', { clientX: p.x, clientY: p.y, bubbles: true }));
    await rendered(cell);
    assert.deepInclude(cell.spec.params, { layer: 1, head: 1 });
    const L = snapshot().inputTokens.length;
    const rows = figureData(figure('attention-map')!) as MapRow[];
    assert.closeTo(rows[L + 2].value, snapshot().maps.encoderSelf[1][1][L + 2], 1e-7);
    assert.include(figure('attention-map')!.querySelector('[aria-label]')!.getAttribute('aria-label'), 'layer 1, head 1');
    assert.equal(h.runtime.state('att')!.runs, runs);
  });

  it('shows the position bias and the attention without it, and cross-attention between decoder inputs and encoder tokens', async () => {
    (root().querySelector('input[name="showBias"]') as HTMLInputElement).click();
    await rendered(cell);
    const s = snapshot();
    const L = s.inputTokens.length;
    const bias = figureData(figure('attention-position-bias')!) as MapRow[];
    assert.lengthOf(bias, L * L);
    for (const r of bias) assert.closeTo(r.value, s.encoderBias[1][r.query * L + r.key], 1e-7);
    const content = figureData(figure('attention-without-bias')!) as MapRow[];
    for (let q = 0; q < L; q++)
      assert.closeTo(
        content.filter((r) => r.query === q).reduce((a, r) => a + r.value, 0),
        1,
        1e-4,
      );
    (root().querySelector('button[value="cross"]') as HTMLButtonElement).click();
    await rendered(cell);
    const T = s.decoderTokens.length;
    assert.equal(s.decoderTokens[0].piece, '<pad>', 'the decoder starts from pad');
    assert.lengthOf(figureData(figure('attention-map')!)!, T * L);
    assert.isNull(figure('attention-position-bias'), 'cross-attention has no position bias');
    assert.include(root().textContent, 'Cross-attention has no position bias');
  });

  it('re-runs on a new input text and explains texts and models it cannot use', async () => {
    const runs = h.runtime.state('att')!.runs;
    editParams(cell, { inputText: 'hello' });
    await h.ok('att', runs);
    assert.equal(snapshot().inputTokens.length, 6);
    editParams(cell, { inputText: '   ' });
    let s = await h.until('att', (st) => st.status === 'error');
    assert.include(s.error, 'inputText must not be empty');
    editParams(cell, { inputText: 'hello' });
    await h.ok('att', s.runs);
    editParams(modelCell, { vocabFromTokenizer: false, config: { numLayers: 2, numDecoderLayers: 2, numHeads: 2, vocabSize: 110 } });
    s = await h.until('att', (st) => st.status === 'error');
    assert.include(s.error, "the model's vocab_size is 110: let the model's vocab_size follow the tokenizer");
    await rendered(cell);
    assert.include(root().querySelector('[role="alert"]')!.textContent, 'vocab_size is 110');
  });
});
