import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const bin = new URL('../../../../src/cli/bin.mjs', import.meta.url).pathname;
const t5lab = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
const fixture = (name: string) => new URL(`../../../fixtures/sentencepiece/${name}`, import.meta.url).pathname;
const expected = JSON.parse(readFileSync(fixture('expected.json'), 'utf8'));

describe('t5lab tokenize', () => {
  it('prints exactly the ids and pieces sentencepiece gives for a spiece.model (no EOS)', () => {
    for (const name of ['unigram-bytefallback', 'unigram-unk']) {
      for (const c of expected.models[name].encode.filter((_: unknown, i: number) => [0, 4, 6, 8, 9].includes(i))) {
        const r = t5lab('tokenize', '--tokenizer', fixture(`${name}.model`), '--text', c.text, '--json');
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(JSON.parse(r.stdout), { ids: c.ids, pieces: c.pieces }, `${name} ${JSON.stringify(c.text)}`);
      }
    }
  });

  it('--decode prints the text sentencepiece decodes, byte pieces and <unk> included', () => {
    const d = expected.models['unigram-bytefallback'].decode;
    for (const { ids, text } of d) {
      const r = t5lab('tokenize', '--tokenizer', fixture('unigram-bytefallback.model'), '--decode', ids.join(','), '--json');
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), { text });
    }
  });

  it('reads an HF tokenizer.json too', () => {
    const file = new URL('../../../fixtures/tiny-t5-unigram.tokenizer.json', import.meta.url).pathname;
    const r = t5lab('tokenize', '--tokenizer', file, '--text', 'hello', '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.ids.length, out.pieces.length);
    assert.ok(out.ids.length > 0);
  });

  it('bad flags and files are refused with exit code 2 and a message naming the flag', () => {
    let r = t5lab('tokenize', '--tokenizer', fixture('unigram-unk.model'), '--decode', '5,x');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--decode item 2 must be a number/);
    r = t5lab('tokenize', '--tokenizer', fixture('unigram-unk.model'), '--decode', '5,100000');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--decode: id 100000 is outside \[0, 600\)/);
    r = t5lab('tokenize', '--tokenizer', fixture('nope.model'), '--text', 'a');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--tokenizer .*nope\.model: no such file/);
    r = t5lab('tokenize', '--tokenizer', fixture('make_fixtures.py'), '--text', 'a');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--tokenizer .*make_fixtures\.py: /);
    r = t5lab('tokenize', '--tokenizer', fixture('unigram-unk.model'));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /exactly one of --text/);
  });
});
