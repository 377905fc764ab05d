import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Sha256, sha256Hex } from '../../../src/storage/sha256.ts';

const nodeSha = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('sha256', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(
      sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'),
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with node:crypto on UTF-8 text and bytes of every length around the 64-byte block boundaries', () => {
    for (let n = 0; n < 200; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n * 7) & 0xff);
      assert.equal(sha256Hex(bytes), nodeSha(bytes), `length ${n}`);
    }
    const text = 'T5 ▁tra n s l ate: café 😀 中文\n';
    assert.equal(sha256Hex(text), nodeSha(text));
  });

  it('gives the same digest however the input is split into updates', () => {
    const whole = 'The economy of Algeria grew. '.repeat(37);
    const h = new Sha256();
    for (let i = 0; i < whole.length; i += 17) h.update(whole.slice(i, i + 17));
    assert.equal(h.hex(), nodeSha(whole));
  });

  it('refuses to be updated or read again after its digest was taken', () => {
    const h = new Sha256().update('x');
    h.hex();
    assert.throws(() => h.update('y'), /already taken/);
    assert.throws(() => h.hex(), /already taken/);
  });
});
