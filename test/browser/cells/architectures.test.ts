import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import '../../../cells/kinds/architectures.ts';
import type { ArchitecturesCell, MaskView } from '../../../cells/kinds/architectures.ts';
import type { ArchitectureComparisonView } from '../../../cells/kinds/architecture-comparison.ts';
import '../../../cells/kinds/architecture-comparison.ts';
import { CellHarness, rendered, useAppBackend } from './harness.ts';
import { ByteTokenizer } from '../../../src/tokenizers/byteTokenizer.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import { MASK_PATTERNS } from '../../../src/model/architecture.ts';
import { figureData } from '../../../src/plots/figureRows.ts';
import { listRuns } from '../../../src/worker/trainingClient.ts';
import { TABLE_2 } from '../../../src/paper/tables.ts';

describe('architectures cells', () => {
  let h: CellHarness;
  before(async () => {
    await useAppBackend();
  });
  afterEach(() => h?.dispose());

  it("draws the three masks over the tokenizer's pieces, and each drawn cell is what the decoder-only and prefix-LM models attend", async () => {
    h = new CellHarness();
    const tokenizer = new ByteTokenizer();
    h.runtime.setCell('tok', { inputs: [], outputs: ['tokenizer'], run: () => ({ tokenizer }) });
    const cell = h.add<ArchitecturesCell>('t5-architectures-cell', 'masks', 'architectures', {
      inputText: 'Thank',
      targetText: 'you',
      maxTokens: 24,
    });
    const view = (await h.ok('masks')).masks as MaskView;
    await rendered(cell);
    assert.deepEqual(view.tokens, ['T', 'h', 'a', 'n', 'k', 'y', 'o', 'u']);
    assert.equal(view.prefixLength, 5);
    const drawn = figureData(cell.shadowRoot!.querySelector('[data-figure="attention-masks"]')!) as unknown as MaskView['cells'];
    assert.deepEqual(drawn, view.cells);
    assert.deepEqual([...new Set(drawn.map((c) => c.pattern))], [...MASK_PATTERNS]);

    // The models on the same tokens: inputs "Thank", targets "you" (N = 5 + 3, prefix = the inputs).
    const inputIds = tf.tensor2d([tokenizer.encode('Thank').filter((id) => id !== 1)], undefined, 'int32');
    const labels = tf.tensor2d([tokenizer.encode('you').filter((id) => id !== 1)], undefined, 'int32');
    for (const [architecture, pattern] of [
      ['decoder-only', 'causal'],
      ['prefix-lm', 'causal-with-prefix'],
    ] as const) {
      const model = T5Model.create(
        { dModel: 8, dFf: 16, numHeads: 2, dKv: 4, numLayers: 1, vocabSize: 384, dropoutRate: 0, architecture },
        { seed: 1 },
      );
      const out = model.forward({ inputIds, labels, captureAttention: true });
      const probs = (await out.attention!.decoderSelf[0].array())[0][0];
      for (const c of drawn.filter((d) => d.pattern === pattern))
        assert.strictEqual(probs[c.query][c.key] > 0, c.visible, `${architecture} ${c.query}→${c.key}`);
      tf.dispose([
        out.logits,
        out.loss,
        ...out.attention!.decoderSelf,
        out.attention!.encoderPositionBias,
        out.attention!.decoderPositionBias,
      ]);
      model.dispose();
    }
    tf.dispose([inputIds, labels]);
  });

  it("trains all five architectures for a few steps when Run is pressed and shows their validation loss beside the paper's Table 2", async function () {
    // Five trainings (each in its own worker, with evaluation and sample decoding) on a shared 2-core
    // machine: this has run close to 5 minutes, so it gets 10.
    this.timeout(610000);
    h = new CellHarness();
    const cell = h.add('t5-architecture-comparison-cell', 'cmp', 'architecture-comparison', {
      mode: 'all',
      objectives: ['denoising'],
      steps: 2,
      layers: 2,
      seeds: 1,
    });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(h.runtime.state('cmp')?.runs, 0, 'a lazy cell waits for Run');
    h.runtime.run('cmp');
    const s = await h.until('cmp', (st) => st.status === 'ok' || st.status === 'error', 600000);
    if (s.status === 'error') throw new Error(s.error);
    const view = s.outputs!.view as ArchitectureComparisonView;
    assert.deepEqual(
      view.rows.map((r) => r.architecture),
      ['encoder-decoder', 'encoder-decoder-shared', 'encoder-decoder', 'decoder-only', 'prefix-lm'],
    );
    for (const r of view.rows) assert.isTrue(Number.isFinite(r.valLoss) && r.valLoss > 0, `${r.key} has a validation loss`);
    const [encDec, shared, half, lm, prefix] = view.rows;
    assert.isAbove(encDec.params, shared.params);
    assert.equal(lm.params, prefix.params);
    assert.isBelow(half.flops, encDec.flops);
    await rendered(cell);
    const rows = [...cell.shadowRoot!.querySelectorAll('[data-architecture-table] tbody tr')];
    assert.equal(rows.length, 5);
    const paper = [...rows[3].querySelectorAll('td.paper')].slice(2).map((td) => Number(td.textContent));
    assert.deepEqual(paper, Object.values(TABLE_2.rows.find((r) => r.label === 'Language model, denoising')!.scores));
    assert.match(cell.shadowRoot!.querySelector('caption')!.textContent!, /the paper's numbers/);
    const stored = await listRuns();
    assert.equal(stored.filter((r) => r.name.startsWith('architectures-cmp-') && r.status === 'completed').length, 5);
    // Sample predictions explain a score: a few decoded validation examples per arm.
    assert.deepEqual(
      view.samples!.map((a) => a.key),
      view.rows.map((r) => r.key),
    );
    for (const a of view.samples!) {
      assert.isUndefined(a.error, `${a.key}: ${a.error}`);
      assert.lengthOf(a.samples, 3, a.key);
      for (const x of a.samples) assert.isTrue(x.input.length > 0 && x.target.includes('<extra_id_0>'), `${a.key}: ${JSON.stringify(x)}`);
    }
    const table = cell.shadowRoot!.querySelector('[data-sample-predictions]')!;
    assert.ok(table, 'the cell shows its sample predictions');
    assert.lengthOf(table.querySelectorAll('tbody tr[data-arm="prefix-lm-denoising"]'), 3);
    assert.include(table.textContent, view.samples![4].samples[0].target);
  });
});
