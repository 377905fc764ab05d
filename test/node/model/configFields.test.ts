import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CONFIG_FIELDS, changedFields, coerceField, configFieldErrors } from '../../../src/model/configFields.ts';
import { DEFAULT_CONFIG } from '../../../src/model/config.ts';
import { PRESETS } from '../../../src/model/presets.ts';
import { modelDiagram, shownBlocks } from '../../../src/plots/modelDiagram.ts';
import { biasBucketRows, biasOffsetRows, type BiasTable } from '../../../src/plots/learnedBias.ts';
import { relativePositionBucket } from '../../../src/model/relativePositionBucket.ts';
import { ByteTokenizer } from '../../../src/tokenizers/byteTokenizer.ts';
import { charsPerToken, chipsOf, pieceLengthRows, tokenChips } from '../../../src/tokenizers/tokenizerSummary.ts';
import { UnigramTokenizer } from '../../../src/tokenizers/unigramTokenizer.ts';
import { lengthRows, summarizeDataset, taskValue, uploadKind } from '../../../src/data/datasetValue.ts';
import { withoutPositionBias } from '../../../src/model/attentionSnapshot.ts';
import { trainUnigramOnce } from '../../../src/tokenizers/trainUnigramAsync.ts';
import { checkUpload, checkUploadSize } from '../../../src/data/userUpload.ts';

describe('model form', () => {
  it('has a field for every T5Config field', () => {
    assert.deepEqual(CONFIG_FIELDS.map((f) => f.name).sort(), Object.keys(DEFAULT_CONFIG).sort());
  });

  it('reports each bad field with a message naming it, and nothing for good ones', () => {
    const errors = configFieldErrors({ dModel: 0, numHeads: 4, relativeAttentionNumBuckets: 7, dropoutRate: 1, feedForwardProj: 'swish' });
    assert.deepEqual(Object.keys(errors).sort(), ['dModel', 'dropoutRate', 'feedForwardProj', 'relativeAttentionNumBuckets']);
    assert.equal(errors.dModel, 'dModel must be a positive integer (got 0)');
    assert.match(errors.relativeAttentionNumBuckets!, /^relativeAttentionNumBuckets must be an even integer/);
    assert.equal(
      coerceField(
        CONFIG_FIELDS.find((f) => f.name === 'dModel')!,
        '',
      ),
      NaN,
    );
    assert.deepEqual(changedFields({ ...PRESETS['t5-small'], dFf: 1024 }, PRESETS['t5-small']), ['dFf']);
  });
});

describe('model diagram', () => {
  it('draws one bias-owning self-attention per stack, a cross-attention per drawn decoder block, and collapses deep stacks', () => {
    const small = modelDiagram(PRESETS['workbench-micro']);
    assert.equal(small.nodes.filter((n) => n.ownsBias).length, 2);
    assert.deepEqual(
      small.nodes
        .filter((n) => n.ownsBias)
        .map((n) => n.stack)
        .sort(),
      ['decoder', 'encoder'],
    );
    assert.equal(small.nodes.filter((n) => n.kind === 'cross').length, 2);
    assert.deepEqual(shownBlocks(24), [0, 1, 'ellipsis', 23]);
    const big = modelDiagram(PRESETS['t5-large']);
    assert.equal(big.nodes.filter((n) => n.kind === 'block').length, 6, 'blocks 0, 1 and 23 of each stack');
    assert.ok(big.nodes.some((n) => n.kind === 'ellipsis' && n.label.includes('blocks 2–22')));
    for (const n of big.nodes)
      assert.ok(n.x >= 0 && n.y >= 0 && n.x + n.w <= big.width && n.y + n.h <= big.height, `${n.label} inside the drawing`);
    assert.match(
      modelDiagram({ ...PRESETS['t5-small'], tieWordEmbeddings: false }).nodes.find((n) => n.kind === 'head')!.label,
      /^lm_head 512 × 32128/,
    );
  });
});

describe('learned bias views', () => {
  const table: BiasTable = {
    stack: 'decoder',
    numBuckets: 8,
    maxDistance: 12,
    heads: 2,
    values: Float32Array.from({ length: 16 }, (_, i) => i / 10),
  };

  it('lists every bucket and head, and looks every offset up through the bucket function', () => {
    const rows = biasBucketRows(table);
    assert.equal(rows.length, 16);
    assert.equal(rows.find((r) => r.bucket === 3 && r.head === 1)!.bias, table.values[3 * 2 + 1]);
    const offsets = biasOffsetRows(table, 20);
    assert.equal(Math.max(...offsets.map((r) => r.offset)), 0, 'the decoder has no future offsets');
    for (const r of offsets) {
      const bucket = relativePositionBucket(r.offset, { bidirectional: false, numBuckets: 8, maxDistance: 12 });
      assert.equal(r.bias, table.values[bucket * 2 + r.head]);
    }
  });
});

describe('tokenizer summary', () => {
  it('shows pieces, ids and sentinels of any tokenizer', () => {
    const byte = new ByteTokenizer();
    assert.deepEqual(
      tokenChips(byte, 'hi').map((c) => [c.id, c.piece]),
      [
        [107, 'h'],
        [108, 'i'],
      ],
    );
    assert.deepEqual(chipsOf(byte, [byte.sentinel(2)])[0], { id: 381, piece: '<extra_id_2>', sentinel: 2 });
    assert.equal(charsPerToken(byte, ['abc', 'de']).ratio, 1);
    const uni = new UnigramTokenizer({
      vocabSize: 400,
      pieces: [
        [' the', -1],
        ['ab', -2],
        [' x', -3],
      ],
    });
    assert.deepEqual(pieceLengthRows(uni), [
      { length: 2, pieces: 2 },
      { length: 4, pieces: 1 },
    ]);
    assert.deepEqual(pieceLengthRows(byte), []);
  });
});

describe('dataset values', () => {
  it('splits a task by input hash, counts rows and characters, and recognises upload kinds', () => {
    const ds = {
      kind: 'task' as const,
      name: 't',
      examples: Array.from({ length: 200 }, (_, i) => ({ inputs: `q${i}`, targets: `a${i}` })),
    };
    const v = taskValue(ds, 'p: ');
    const s = summarizeDataset(ds);
    assert.equal(v.train.length + v.validation.length, 200);
    assert.equal(s.train, v.train.length);
    assert.equal(
      s.chars,
      ds.examples.reduce((n, e) => n + e.inputs.length + e.targets.length, 0),
    );
    assert.equal(lengthRows(ds).length, 400);
    assert.deepEqual(uploadKind('A.TSV'), { kind: 'task' });
    assert.deepEqual(uploadKind('notes.txt'), { kind: 'corpus' });
    assert.match((uploadKind('x.csv') as { error: string }).error, /^x\.csv: expected a \.txt corpus/);
  });
});

describe('attention without the position bias', () => {
  it('recovers softmax(scores) from softmax(scores + bias), keeping masked keys at 0', () => {
    const scores = [0.3, -1.2, 2.0, 0.5, 0.1, -0.4];
    const bias = [1.0, -0.5, 0.2, -2.0, 0.7, 0.0];
    const softmax = (xs: number[]) => {
      const m = Math.max(...xs);
      const e = xs.map((x) => Math.exp(x - m));
      const s = e.reduce((a, b) => a + b);
      return e.map((x) => x / s);
    };
    const probs = Float32Array.from([
      ...softmax(scores.slice(0, 3).map((s, i) => s + bias[i])),
      ...softmax(scores.slice(3, 5).map((s, i) => s + bias[3 + i])),
      0,
    ]);
    const out = withoutPositionBias(probs, Float32Array.from(bias), 2, 3);
    const expected = [...softmax(scores.slice(0, 3)), ...softmax(scores.slice(3, 5)), 0];
    expected.forEach((e, i) => assert.ok(Math.abs(out[i] - e) < 1e-6, `${i}: ${out[i]} vs ${e}`));
  });
});

describe('shared unigram training', () => {
  it('trains a corpus and size once: callers share the tokenizer, another size trains anew', async () => {
    const docs = ['the cat sat on the mat', 'the dog sat on the log', 'a cat and a dog'];
    const signal = new AbortController().signal;
    const [a, b] = await Promise.all([
      trainUnigramOnce(docs, { vocabSize: 380 }, signal),
      trainUnigramOnce(docs, { vocabSize: 380 }, signal),
    ]);
    assert.equal(a.tokenizer, b.tokenizer);
    const c = await trainUnigramOnce(docs, { vocabSize: 390 }, signal);
    assert.notEqual(c.tokenizer, a.tokenizer);
    assert.equal(c.tokenizer.vocabSize, 390);
  });

  it('refuses an aborted caller at once', async () => {
    const controller = new AbortController();
    controller.abort(new Error('superseded'));
    await assert.rejects(trainUnigramOnce(['x y'], { vocabSize: 380 }, controller.signal), /superseded/);
  });
});

describe('user uploads', () => {
  it('accepts a well-formed .tsv and names the file and line of every problem otherwise', () => {
    const ok = checkUpload('qa.tsv', new TextEncoder().encode('q\ta\n'));
    assert.deepEqual(ok, { ok: true, kind: 'task', text: 'q\ta\n', rows: 1 });
    const bad = checkUpload('qa.tsv', new TextEncoder().encode('q\ta\nno tab\n'));
    assert.deepEqual(bad, { ok: false, errors: ['qa.tsv, line 2: missing tab: expected "input<TAB>target"'] });
    assert.match(checkUploadSize('big.txt', 60 * 1024 * 1024)!, /^big\.txt: 62\.9 MB is more than the 50 MB/);
  });
});
