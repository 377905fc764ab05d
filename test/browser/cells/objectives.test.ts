import { assert } from '@esm-bundle/chai';
import '../../../cells/kinds/dataset.ts';
import '../../../cells/kinds/tokenizer.ts';
import '../../../cells/kinds/objectives.ts';
import type { ObjectivesCell } from '../../../cells/kinds/objectives.ts';
import { sentinelColor } from '../../../cells/widgets/token-chips.ts';
import { OBJECTIVE_NAMES } from '../../../src/objectives/objectives.ts';
import { computeInputAndTargetLengths } from '../../../src/objectives/lengths.ts';
import { randomSpansCounts } from '../../../src/objectives/noiseMasks.ts';
import type { CorruptionExample } from '../../../src/plots/objectiveExamples.ts';
import type { ObjectiveStats, TargetLengthRow } from '../../../src/plots/objectiveStats.ts';
import { figureData } from '../../../src/plots/figureRows.ts';
import { CellHarness, editParams, rendered } from './harness.ts';

type View = { examples: CorruptionExample[]; stats: ObjectiveStats[]; segmentLength: number };

describe('objectives cell', () => {
  let h: CellHarness;
  let cell: ObjectivesCell;
  const root = () => cell.shadowRoot!;
  const view = () => h.runtime.state('obj')!.outputs!.view as View;

  before(() => {
    h = new CellHarness(11);
    h.add('t5-dataset-cell', 'data', 'dataset', { source: 'bundled', name: 'pretrain_factbook' });
    h.add('t5-tokenizer-cell', 'tok', 'tokenizer', { type: 'byte' });
    cell = h.add<ObjectivesCell>('t5-objectives-cell', 'obj', 'objectives', {
      objective: 'span_corruption',
      density: 0.15,
      meanSpan: 3,
      inputsLength: 48,
    });
  });
  after(() => h.dispose());

  it('corrupts real corpus segments with span corruption: inputs fit exactly, targets as the library computes', async () => {
    await h.ok('obj');
    const { tokensLength, targetsLength } = computeInputAndTargetLengths(48, 0.15, 3);
    const v = view();
    assert.equal(v.segmentLength, tokensLength);
    const s = v.stats[0];
    assert.equal(s.objective, 'span_corruption');
    assert.equal(s.segments, 64);
    assert.deepEqual(s.inputLength, { mean: 48, min: 48, max: 48 });
    assert.deepEqual(s.targetLength, { mean: targetsLength, min: targetsLength, max: targetsLength });
    const counts = randomSpansCounts(tokensLength, 0.15, 3);
    assert.closeTo(s.noiseRate, counts.noiseTokens / tokensLength, 1e-12);
    assert.equal(s.spans, counts.noiseSpans);
    await rendered(cell);
    assert.equal(root().querySelector('[data-stat="targetLength"]')!.textContent, targetsLength.toFixed(1));
  });

  it('colours each sentinel like the span it replaces, in the original, the inputs and the targets', async () => {
    await rendered(cell);
    const ex = view().examples[0];
    assert.isTrue(ex.aligned);
    const row = (name: string) => root().querySelector(`[data-example="0"] [data-row="${name}"]`)!;
    assert.lengthOf(row('inputs').querySelectorAll('.chip'), ex.inputs.length);
    const spans = Math.max(...ex.original.map((t) => t.span)) + 1;
    assert.isAtLeast(spans, 2);
    for (let k = 0; k < spans; k++) {
      const color = sentinelColor(k);
      const inChip = row('inputs').querySelector(`[data-sentinel="${k}"]`) as HTMLElement;
      const outChip = row('targets').querySelector(`[data-sentinel="${k}"]`) as HTMLElement;
      assert.equal(inChip.style.background, outChip.style.background);
      assert.equal(toRgb(inChip.style.background), toRgb(color));
      // The targets after sentinel k are exactly span k of the original, outlined in its colour.
      const spanIds = ex.original.filter((t) => t.span === k).map((t) => t.id);
      const start = ex.targets.findIndex((t) => t.sentinel === k) + 1;
      assert.deepEqual(
        ex.targets.slice(start, start + spanIds.length).map((t) => t.id),
        spanIds,
      );
      const outlined = [...row('original').querySelectorAll('.chip')].filter(
        (c) => toRgb((c as HTMLElement).style.outlineColor) === toRgb(color),
      );
      assert.lengthOf(outlined, spanIds.length);
    }
  });

  it('puts all eight objectives side by side, and span corruption has the shortest targets that still mark spans', async () => {
    const rows = [...root().querySelectorAll('table[data-side-by-side] tbody tr')].map((r) => r.getAttribute('data-objective'));
    assert.deepEqual(rows, [...OBJECTIVE_NAMES]);
    const stats = view().stats.slice(1);
    const target = (n: string) => stats.find((s) => s.objective === n)!.targetLength.mean;
    assert.isBelow(target('span_corruption'), target('iid_replace_spans'));
    assert.isBelow(target('iid_replace_spans'), target('bert'));
    const curve = figureData(root().querySelector('figure[data-figure="objective-target-lengths"]')!) as TargetLengthRow[];
    for (const rate of [0.1, 0.15, 0.3, 0.5]) {
      const at = (series: string) => curve.find((r) => r.rate === rate && r.series === series)!.targetLength;
      const c = randomSpansCounts(512, rate, 3);
      assert.equal(at('Random spans, mean length 3'), c.noiseTokens + c.noiseSpans + 1);
      assert.isBelow(at('Random spans, mean length 10'), at('Random spans, mean length 3'));
      assert.isBelow(at('Random spans, mean length 3'), at('I.i.d. noise, replace spans'));
    }
    assert.isNotNull(root().querySelector('figure[data-figure="objective-lengths"] [aria-label*="Mean input and target length"]'));
  });

  it('switches to MASS-style: full-length inputs with the mask id and the whole segment as target', async () => {
    const runs = h.runtime.state('obj')!.runs;
    const select = root().querySelector('select[name="objective"]') as HTMLSelectElement;
    select.value = 'mass';
    select.dispatchEvent(new Event('change'));
    await h.ok('obj', runs);
    await rendered(cell);
    const ex = view().examples[0];
    assert.equal(ex.inputs.length, ex.original.length + 1);
    assert.deepEqual(
      ex.targets.slice(0, -1).map((t) => t.id),
      ex.original.map((t) => t.id),
    );
    const masks = root().querySelectorAll('[data-example="0"] [data-row="inputs"] .chip.dark');
    assert.equal(masks.length, ex.inputs.filter((t) => t.role === 'mask').length);
    assert.isAbove(masks.length, 0);
    for (const m of masks) {
      assert.equal(m.getAttribute('data-token-id'), String(384 - 1), 'the mask id is vocabSize − 1');
      assert.isFalse(m.hasAttribute('data-sentinel'));
    }
  });

  it('names a bad corruption rate, mean span or inputs length', async () => {
    editParams(cell, { objective: 'prefix_lm', density: 0.7 });
    const s = await h.until('obj', (st) => st.status === 'error');
    assert.include(s.error, 'density must be a number in [0, 0.5] for prefix_lm (got 0.7)');
    await rendered(cell);
    assert.include(root().querySelector('[data-field="density"]')!.textContent, 'density must be');
    editParams(cell, { objective: 'span_corruption', density: 0.15, meanSpan: 0, inputsLength: 2 });
    await rendered(cell);
    assert.include(root().querySelector('[data-field="meanSpan"]')!.textContent, 'meanSpan must be a positive number (got 0)');
    assert.include(
      root().querySelector('[data-field="inputsLength"]')!.textContent,
      'inputsLength must be an integer in [4, 2048] (got 2)',
    );
  });

  it('says which fields to change when the objective needs more sentinels than the tokenizer has', async () => {
    const runs = h.runtime.state('obj')!.runs;
    editParams(cell, { objective: 'span_corruption', density: 0.5, meanSpan: 3, inputsLength: 512 });
    const s = await h.until('obj', (st) => st.status === 'error' && st.runs > runs);
    assert.equal(
      s.error,
      "'inputs length' 512 at 'corruption rate' 0.5 and 'mean span length' 3 needs 128 sentinels for span_corruption; the tokenizer has 125: lower 'corruption rate' or 'inputs length', raise 'mean span length', or raise 'extra ids' in the tokenizer cell (unigram)",
    );
    assert.notInclude(s.error!, 'UnigramTokenizer.sentinel');
    editParams(cell, { density: 0.4 });
    await h.ok('obj', h.runtime.state('obj')!.runs);
    assert.equal(view().segmentLength, computeInputAndTargetLengths(512, 0.4, 3).tokensLength);
  });
});

/** Computed colour of a CSS colour string, for comparing hex with rgb(). */
function toRgb(color: string): string {
  const el = document.createElement('span');
  el.style.color = color;
  document.body.append(el);
  const rgb = getComputedStyle(el).color;
  el.remove();
  return rgb;
}
