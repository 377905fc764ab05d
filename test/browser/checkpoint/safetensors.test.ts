import { assert } from '@esm-bundle/chai';
import { readSafetensors, readSafetensorsHeader, writeSafetensors, SafetensorsError } from '../../../src/checkpoint/safetensors.ts';
import { float16BitsToNumber } from '../../../src/checkpoint/halfFloat.ts';

/** Assembles a safetensors file by hand from a header object and raw data bytes. */
function assemble(header: unknown, data: Uint8Array, opts: { headerLength?: number; rawHeader?: string } = {}): Uint8Array {
  const json = new TextEncoder().encode(opts.rawHeader ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(opts.headerLength ?? json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function u16le(values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  const v = new DataView(out.buffer);
  values.forEach((x, i) => v.setUint16(2 * i, x, true));
  return out;
}

function rejects(bytes: Uint8Array, pattern: RegExp): void {
  assert.throws(() => readSafetensors(bytes), SafetensorsError, pattern);
}

describe('safetensors', () => {
  it('round-trips float32 tensors, their shapes and the metadata', () => {
    const a = Float32Array.from({ length: 6 }, (_, i) => i * 0.5 - 1.25);
    const b = new Float32Array([Math.PI, -0, 3.4e38, 1e-45]);
    const scalar = new Float32Array([42]);
    const bytes = writeSafetensors(
      { 'x.weight': { shape: [2, 3], data: a }, b: { shape: [4], data: b }, s: { shape: [], data: scalar } },
      { format: 'pt' },
    );
    const file = readSafetensors(bytes);
    assert.deepEqual(file.metadata, { format: 'pt' });
    assert.deepEqual([...file.tensors.keys()].sort(), ['b', 's', 'x.weight']);
    assert.deepEqual(file.tensors.get('x.weight')!.shape, [2, 3]);
    assert.deepEqual(Array.from(file.tensors.get('x.weight')!.data), Array.from(a));
    assert.deepEqual(Array.from(file.tensors.get('b')!.data), Array.from(b));
    assert.isTrue(Object.is(file.tensors.get('b')!.data[1], -0));
    assert.deepEqual(file.tensors.get('s')!.shape, []);
    assert.equal(file.tensors.get('s')!.data[0], 42);
    assert.equal(file.tensors.get('x.weight')!.dtype, 'F32');
  });

  it('pads the header with spaces so tensor bytes start at a multiple of 8, like the reference writer', () => {
    const bytes = writeSafetensors({ t: { shape: [1], data: new Float32Array([1]) } }, { format: 'pt' });
    const headerLen = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    assert.equal(headerLen % 8, 0);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + headerLen));
    assert.match(text, /^\{"__metadata__":\{"format":"pt"\},"t":\{"dtype":"F32","shape":\[1\],"data_offsets":\[0,4\]\}\} *$/);
    assert.equal(bytes.length, 8 + headerLen + 4);
  });

  it('writes tensors in name order with contiguous offsets', () => {
    const bytes = writeSafetensors(
      new Map([
        ['z', { shape: [2], data: new Float32Array([1, 2]) }],
        ['a', { shape: [3], data: new Float32Array([3, 4, 5]) }],
      ]),
    );
    const { entries } = readSafetensorsHeader(bytes);
    assert.deepEqual(
      entries.map((e) => [e.name, e.begin, e.end]),
      [
        ['a', 0, 12],
        ['z', 12, 20],
      ],
    );
  });

  it('reads a file whose bytes sit at an odd offset inside a larger buffer', () => {
    const bytes = writeSafetensors({ t: { shape: [3], data: new Float32Array([1.5, -2, 7]) } });
    const big = new Uint8Array(bytes.length + 3);
    big.set(bytes, 3);
    assert.deepEqual(Array.from(readSafetensors(big.subarray(3)).tensors.get('t')!.data), [1.5, -2, 7]);
  });

  it('decodes F16 bit patterns exactly: 1, -2, max, smallest subnormal, ±inf, NaN, -0, 1/3', () => {
    const bits = [0x3c00, 0xc000, 0x7bff, 0x0001, 0x0400, 0x7c00, 0xfc00, 0x7e00, 0x8000, 0x3555];
    const file = readSafetensors(assemble({ h: { dtype: 'F16', shape: [bits.length], data_offsets: [0, 2 * bits.length] } }, u16le(bits)));
    const d = Array.from(file.tensors.get('h')!.data);
    assert.deepEqual(d.slice(0, 7), [1, -2, 65504, 2 ** -24, 2 ** -14, Infinity, -Infinity]);
    assert.isTrue(Number.isNaN(d[7]));
    assert.isTrue(Object.is(d[8], -0));
    assert.equal(d[9], 0.333251953125);
    assert.equal(float16BitsToNumber(0x3800), 0.5);
  });

  it('decodes BF16 bit patterns exactly as the top half of a float32', () => {
    const bits = [0x3f80, 0xc000, 0x4049, 0x3e80, 0x7f80, 0xff80, 0x7fc0, 0x0001, 0x8000];
    const file = readSafetensors(assemble({ h: { dtype: 'BF16', shape: [3, 3], data_offsets: [0, 18] } }, u16le(bits)));
    const d = Array.from(file.tensors.get('h')!.data);
    assert.deepEqual(d.slice(0, 6), [1, -2, 3.140625, 0.25, Infinity, -Infinity]);
    assert.isTrue(Number.isNaN(d[6]));
    assert.equal(d[7], 2 ** -133);
    assert.isTrue(Object.is(d[8], -0));
    assert.deepEqual(file.tensors.get('h')!.shape, [3, 3]);
  });

  it('decodes I32 and I64 into Int32Array and F64 into float32', () => {
    const data = new Uint8Array(8 + 16 + 8);
    const v = new DataView(data.buffer);
    v.setInt32(0, -7, true);
    v.setInt32(4, 2147483647, true);
    v.setBigInt64(8, -5n, true);
    v.setBigInt64(16, 32127n, true);
    v.setFloat64(24, 0.1, true);
    const file = readSafetensors(
      assemble(
        {
          i: { dtype: 'I32', shape: [2], data_offsets: [0, 8] },
          l: { dtype: 'I64', shape: [2], data_offsets: [8, 24] },
          f: { dtype: 'F64', shape: [1], data_offsets: [24, 32] },
        },
        data,
      ),
    );
    assert.instanceOf(file.tensors.get('i')!.data, Int32Array);
    assert.deepEqual(Array.from(file.tensors.get('i')!.data), [-7, 2147483647]);
    assert.deepEqual(Array.from(file.tensors.get('l')!.data), [-5, 32127]);
    assert.equal(file.tensors.get('f')!.data[0], Math.fround(0.1));
  });

  it('rejects an I64 value that does not fit in int32, naming the tensor', () => {
    const data = new Uint8Array(8);
    new DataView(data.buffer).setBigInt64(0, 1n << 40n, true);
    rejects(assemble({ big: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, data), /"big".*does not fit in int32/);
  });

  describe('files written by the reference implementation (test/fixtures)', () => {
    const fetchBytes = async (path: string) => new Uint8Array(await (await fetch(path)).arrayBuffer());

    it('decodes F16 (incl. subnormals), BF16, I64 and F32 exactly as torch widens them', async () => {
      const file = readSafetensors(await fetchBytes('/test/fixtures/safetensors/half.safetensors'));
      const expected = await (await fetch('/test/fixtures/safetensors/half.expected.json')).json();
      assert.deepEqual(file.metadata, { made_by: 'make_fixture.py' });
      assert.deepEqual([...file.tensors.keys()].sort(), Object.keys(expected).sort());
      for (const [name, want] of Object.entries(expected) as [string, { shape: number[]; values: number[] }][]) {
        const t = file.tensors.get(name)!;
        assert.deepEqual(t.shape, want.shape, name);
        // F32 values were rounded by torch too, so exact equality after float32 rounding.
        assert.deepEqual(
          Array.from(t.data),
          want.values.map((v) => (name === 'i64' ? v : Math.fround(v))),
          name,
        );
      }
      assert.isTrue(Object.is(file.tensors.get('f16')!.data[6], -0));
    });

    it('rewriting a file saved by transformers gives the same bytes', async () => {
      for (const dir of ['t5-v1_0-relu', 't5-v1_1-untied']) {
        const original = await fetchBytes(`/test/fixtures/hf-tiny-t5/${dir}/model.safetensors`);
        const file = readSafetensors(original);
        const tensors = new Map([...file.tensors].map(([k, t]) => [k, { shape: t.shape, data: t.data as Float32Array }]));
        assert.deepEqual(writeSafetensors(tensors, file.metadata), original, dir);
      }
    });
  });

  describe('rejects broken files with a message saying what is wrong', () => {
    const good = () => writeSafetensors({ 'enc.w': { shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) } });

    it('a file shorter than the 8-byte length prefix', () => {
      rejects(new Uint8Array(5), /truncated: 5 bytes/);
    });

    it('a header length beyond the end of the file', () => {
      rejects(assemble({}, new Uint8Array(0), { headerLength: 1000 }), /header length 1000 runs past the end of the file/);
    });

    it('a file cut off inside the tensor bytes', () => {
      const bytes = good();
      rejects(bytes.subarray(0, bytes.length - 3), /"enc\.w".*run past the 13 data bytes/);
    });

    it('a header that is not JSON', () => {
      rejects(assemble(null, new Uint8Array(0), { rawHeader: '{"a": [1, 2' }), /not valid JSON/);
    });

    it('an unknown dtype, naming the tensor', () => {
      rejects(assemble({ w: { dtype: 'F17', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(4)), /tensor "w": unknown dtype "F17"/);
    });

    it('a shape whose size disagrees with the byte span, naming the tensor', () => {
      rejects(
        assemble({ w: { dtype: 'F32', shape: [2, 3], data_offsets: [0, 20] } }, new Uint8Array(20)),
        /tensor "w": shape \[2, 3\] × F32 needs 24 bytes but data_offsets span 20/,
      );
    });

    it('offsets past the data, naming the tensor', () => {
      rejects(
        assemble({ w: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, new Uint8Array(8)),
        /tensor "w": data_offsets \[4, 12\] run past the 8 data bytes/,
      );
    });

    it('overlapping tensors, naming both', () => {
      const header = { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } };
      rejects(assemble(header, new Uint8Array(12)), /tensor "b" bytes \[4, 12\) overlap tensor "a"/);
    });

    it('a gap between tensors and trailing bytes after the last one', () => {
      rejects(assemble({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, new Uint8Array(8)), /"a" starts at 4, leaving a gap/);
      rejects(
        assemble({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(8)),
        /end at 4 but the file holds 8 data bytes/,
      );
    });

    it('end offsets before begin offsets and non-integer shapes', () => {
      rejects(
        assemble({ a: { dtype: 'F32', shape: [0], data_offsets: [4, 0] } }, new Uint8Array(4)),
        /"a": data_offsets \[4, 0\] end before they begin/,
      );
      rejects(
        assemble({ a: { dtype: 'F32', shape: [1.5], data_offsets: [0, 4] } }, new Uint8Array(4)),
        /"a": shape must be an array of non-negative integers/,
      );
    });

    it('non-string metadata values', () => {
      rejects(assemble({ __metadata__: { format: 1 } }, new Uint8Array(0)), /__metadata__ value "format" must be a string/);
    });

    it('a valid dtype t5lab does not decode, naming it', () => {
      rejects(
        assemble({ m: { dtype: 'U8', shape: [4], data_offsets: [0, 4] } }, new Uint8Array(4)),
        /tensor "m": dtype U8 is valid safetensors but t5lab does not decode it/,
      );
    });
  });

  describe('the writer validates its input', () => {
    it('rejects data whose length disagrees with the shape, naming the tensor', () => {
      assert.throws(
        () => writeSafetensors({ w: { shape: [2, 2], data: new Float32Array(3) } }),
        /tensor "w": shape \[2, 2\] holds 4 values but data has 3/,
      );
    });

    it('rejects a tensor called __metadata__', () => {
      assert.throws(() => writeSafetensors({ __metadata__: { shape: [1], data: new Float32Array(1) } }), /cannot be named "__metadata__"/);
    });
  });
});
