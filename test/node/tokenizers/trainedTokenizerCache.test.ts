import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadBundled } from '../../../src/data/bundledFiles.node.ts';
import { explainStorageError } from '../../../src/storage/db.ts';
import { sha256Hex } from '../../../src/storage/sha256.ts';
import type { TrainedTokenizerCacheStore } from '../../../src/storage/trainedTokenizerStore.ts';
import {
  TRAINED_TOKENIZER_FORMAT,
  tokenizerFromRecord,
  trainedTokenizerKey,
  trainedTokenizerRecord,
  type TrainedTokenizerRecord,
} from '../../../src/tokenizers/trainedTokenizerCache.ts';
import { trainUnigramCached } from '../../../src/tokenizers/trainUnigramCached.ts';
import { trainUnigram } from '../../../src/tokenizers/unigramTrainer.ts';
import type { UnigramTokenizer } from '../../../src/tokenizers/unigramTokenizer.ts';

/** A cache over a Map (IndexedDB itself is exercised by the browser test of the tokenizer cell). */
class MapCache implements TrainedTokenizerCacheStore {
  readonly entries = new Map<string, unknown>();
  puts = 0;
  failGet?: Error;
  failPut?: Error;
  async get(key: string) {
    if (this.failGet) throw this.failGet;
    return this.entries.get(key);
  }
  async put(record: TrainedTokenizerRecord) {
    if (this.failPut) throw this.failPut;
    this.puts++;
    this.entries.set(record.key, structuredClone(record));
  }
}

const OPTIONS = { vocabSize: 700, numSentinels: 100 };
const PROBES = ['', ' two  spaces ', 'The economy of Algeria grew.', 'translate English to German: café 😀 中文', '<extra_id_0> tail\n'];

const sameBehaviour = (a: UnigramTokenizer, b: UnigramTokenizer, texts: string[]) => {
  assert.equal(a.vocabSize, b.vocabSize);
  assert.equal(a.numSentinels, b.numSentinels);
  assert.deepEqual(b.toJSON(), a.toJSON());
  for (const t of texts) {
    const ids = a.encode(t);
    assert.deepEqual(b.encode(t), ids, `encode ${JSON.stringify(t.slice(0, 40))}`);
    assert.equal(b.decode(ids), a.decode(ids));
    assert.deepEqual(b.pieces(ids), a.pieces(ids));
  }
};

describe('trained-tokenizer cache', () => {
  let docs: string[];
  let fresh: ReturnType<typeof trainUnigram>;
  before(async () => {
    const ds = await loadBundled('pretrain_factbook');
    assert.equal(ds.kind, 'corpus');
    docs = ds.kind === 'corpus' ? ds.documents.slice(0, 150) : [];
    fresh = trainUnigram(docs, OPTIONS);
  });

  it('keys a training by its documents, every option and the format, and by nothing else', () => {
    const key = trainedTokenizerKey(docs, OPTIONS);
    assert.match(key, new RegExp(`^unigram-f${TRAINED_TOKENIZER_FORMAT}-[0-9a-f]{64}$`));
    assert.equal(
      trainedTokenizerKey([...docs], { numSentinels: 100, vocabSize: 700 }),
      key,
      'option order and array identity do not matter',
    );
    assert.equal(trainedTokenizerKey(docs, { ...OPTIONS, maxPieceLength: undefined }), key, 'an absent option is the same as undefined');
    const others = [
      trainedTokenizerKey(docs, { ...OPTIONS, vocabSize: 701 }),
      trainedTokenizerKey(docs, { ...OPTIONS, numSentinels: 101 }),
      trainedTokenizerKey(docs, { ...OPTIONS, maxPieceLength: 16 }),
      trainedTokenizerKey(docs.slice(1), OPTIONS),
      trainedTokenizerKey([docs[0] + ' ', ...docs.slice(1)], OPTIONS),
      trainedTokenizerKey(['ab', 'c'], OPTIONS),
      trainedTokenizerKey(['a', 'bc'], OPTIONS),
      trainedTokenizerKey(['abc'], OPTIONS),
    ];
    assert.equal(new Set([key, ...others]).size, others.length + 1, 'every change gives another key');
  });

  it('a tokenizer read back from its record encodes, decodes and names pieces exactly as the freshly trained one', () => {
    const key = trainedTokenizerKey(docs, OPTIONS);
    const record = structuredClone(trainedTokenizerRecord(key, fresh.tokenizer, fresh.stats, 1_700_000_000_000));
    const back = tokenizerFromRecord(JSON.parse(JSON.stringify(record)), key, OPTIONS);
    assert.equal(back.trainedAt, 1_700_000_000_000);
    assert.deepEqual(back.stats, fresh.stats);
    sameBehaviour(fresh.tokenizer, back.tokenizer, [...PROBES, ...docs.slice(0, 40)]);
  });

  it('refuses a record that is damaged, from another format or key, or of another vocabulary, saying why', () => {
    const key = trainedTokenizerKey(docs, OPTIONS);
    const good = trainedTokenizerRecord(key, fresh.tokenizer, fresh.stats);
    const cases: [unknown, RegExp][] = [
      [null, /not an object/],
      ['text', /not an object/],
      [{ ...good, format: TRAINED_TOKENIZER_FORMAT + 1 }, /format/],
      [{ ...good, key: trainedTokenizerKey(docs.slice(1), OPTIONS) }, /another key/],
      [{ ...good, json: good.json.slice(0, -10) }, /checksum/],
      [{ ...good, json: good.json.replace('"pieces":[[', '"pieces":[[" "') }, /checksum/],
      [{ ...good, json: '{"kind":"unigram"}', checksum: sha256Hex('{"kind":"unigram"}') }, /does not load: .*vocabSize/],
      [{ ...good, stats: undefined }, /statistics/],
      [{ ...good, trainedAt: 'yesterday' }, /training date/],
    ];
    for (const [record, why] of cases) assert.throws(() => tokenizerFromRecord(record, key, OPTIONS), why);
    assert.throws(
      () => tokenizerFromRecord(good, key, { ...OPTIONS, vocabSize: 800 }),
      /vocabulary \(700, 100 sentinels\) is not the one asked for/,
    );
  });

  it('trains and stores on a miss, then answers from the cache with the same tokenizer, and retrains when asked', async () => {
    const cache = new MapCache();
    const signal = new AbortController().signal;
    const first = await trainUnigramCached(docs, OPTIONS, signal, { cache });
    assert.equal(first.origin, 'trained');
    assert.equal(first.note, undefined);
    assert.equal(cache.puts, 1);
    const second = await trainUnigramCached([...docs], { ...OPTIONS }, signal, { cache });
    assert.equal(second.origin, 'cache');
    assert.equal(second.trainedAt, first.trainedAt);
    assert.equal(second.stats.ms, first.stats.ms, 'the cached entry reports how long its training took');
    sameBehaviour(first.tokenizer, second.tokenizer, [...PROBES, ...docs.slice(0, 20)]);
    sameBehaviour(fresh.tokenizer, second.tokenizer, PROBES);
    const changed = await trainUnigramCached(docs, { ...OPTIONS, vocabSize: 720 }, signal, { cache });
    assert.equal(changed.origin, 'trained', 'a changed option is a miss');
    assert.equal(changed.tokenizer.vocabSize, 720);
    const again = await trainUnigramCached(docs, OPTIONS, signal, { cache, retrain: true });
    assert.equal(again.origin, 'trained');
    assert.equal(cache.puts, 3);
    assert.ok(again.trainedAt >= first.trainedAt);
  });

  it('trains over a corrupt entry and replaces it, noting why, without failing', async () => {
    const cache = new MapCache();
    const signal = new AbortController().signal;
    const key = trainedTokenizerKey(docs, OPTIONS);
    cache.entries.set(key, { key, format: TRAINED_TOKENIZER_FORMAT, algorithm: 'unigram', json: '{"kind":"unig', checksum: 'x' });
    const r = await trainUnigramCached(docs, OPTIONS, signal, { cache });
    assert.equal(r.origin, 'trained');
    assert.match(r.note!, /cached tokenizer was unusable \(.*checksum\); it was trained again and replaced/);
    sameBehaviour(fresh.tokenizer, r.tokenizer, PROBES);
    const next = await trainUnigramCached(docs, OPTIONS, signal, { cache });
    assert.equal(next.origin, 'cache', 'the replaced entry is good');
  });

  it('a full quota on write is only a note: the trained tokenizer is returned; an unreadable cache is trained over', async () => {
    const cache = new MapCache();
    cache.failPut = explainStorageError(new DOMException('quota', 'QuotaExceededError'), 'the trained tokenizer for the next visit');
    const signal = new AbortController().signal;
    const r = await trainUnigramCached(docs, OPTIONS, signal, { cache });
    assert.equal(r.origin, 'trained');
    assert.match(r.note!, /^Not kept for the next visit: .*storage quota.* This tokenizer is used; it is trained again next time\.$/);
    sameBehaviour(fresh.tokenizer, r.tokenizer, PROBES);
    const broken = new MapCache();
    broken.failGet = new Error('database closed');
    const s = await trainUnigramCached(docs, OPTIONS, signal, { cache: broken });
    assert.equal(s.origin, 'trained');
    assert.match(s.note!, /could not be read \(database closed\)/);
    assert.equal(broken.puts, 1);
  });
});
