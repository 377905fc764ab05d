/**
 * The safetensors file format (https://github.com/huggingface/safetensors), read and written in
 * plain JS so it runs in the browser and in Node alike:
 *
 *   [8-byte little-endian u64 N][N bytes of JSON header][tensor bytes]
 *
 * The header maps each tensor name to `{dtype, shape, data_offsets: [begin, end]}` (offsets are
 * relative to the start of the tensor bytes) plus an optional `__metadata__` string→string map.
 * The reference writer pads the header with spaces so the tensor bytes start 8-byte aligned, and
 * its reader requires the tensors to tile the byte buffer exactly (no gaps, no overlaps): this
 * reader enforces the same rules, so a file it accepts is one the reference library accepts too.
 *
 * No npm package both reads and writes the format (the registry list has none), hence this module.
 */
import { float16ToFloat32, bfloat16ToFloat32, float32ToBfloat16Bits, float32ToFloat16Bits } from './halfFloat.ts';

/** Bytes per element of every dtype the format defines (so any valid file can be checked). */
const DTYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
};

/** Dtypes this module turns into numbers: floats become Float32Array, integers Int32Array. */
export type DecodedDtype = 'F32' | 'F16' | 'BF16' | 'F64' | 'I32' | 'I64';

export interface SafetensorsTensor {
  /** The dtype as stored in the file. */
  dtype: DecodedDtype;
  shape: number[];
  /**
   * Row-major values; F16/BF16/F64 are converted to float32, I64 to int32 (range-checked).
   * Aligned F32 data is a view into the file's bytes (no copy): copy it before mutating either.
   */
  data: Float32Array | Int32Array;
}

export interface SafetensorsFile {
  /** Tensors in file order (ascending data offset). */
  tensors: Map<string, SafetensorsTensor>;
  /** The `__metadata__` map, `{}` when absent. */
  metadata: Record<string, string>;
}

/** A float32 tensor to write; `data.length` must equal the product of `shape`. */
export interface Float32TensorInput {
  shape: readonly number[];
  data: Float32Array;
}

/** Refuse absurd headers before allocating (the reference reader's limit is 100 MB). */
const MAX_HEADER_BYTES = 100_000_000;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A malformed or unsupported safetensors file; the message says what and, if known, which tensor. */
export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}

interface HeaderEntry {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

/** Parses and validates the header only (no tensor bytes are decoded). */
export function readSafetensorsHeader(bytes: Uint8Array): { entries: HeaderEntry[]; metadata: Record<string, string>; dataStart: number } {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('safetensors bytes must be a Uint8Array');
  if (bytes.length < 8) throw new SafetensorsError(`file is truncated: ${bytes.length} bytes, fewer than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (headerLen > MAX_HEADER_BYTES)
    throw new SafetensorsError(`header length ${headerLen} is larger than the ${MAX_HEADER_BYTES}-byte limit`);
  if (8 + headerLen > bytes.length) {
    throw new SafetensorsError(
      `header length ${headerLen} runs past the end of the file (${bytes.length} bytes): the file is truncated or not safetensors`,
    );
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(8, 8 + headerLen));
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (err) {
    throw new SafetensorsError(`header is not valid JSON (${(err as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw new SafetensorsError('header JSON must be an object');
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  let metadata: Record<string, string> = {};
  const entries: HeaderEntry[] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = parseMetadata(raw);
      continue;
    }
    entries.push(parseEntry(name, raw, dataLen));
  }
  // The tensors must tile [0, dataLen) exactly, as the reference reader demands.
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.begin < cursor) {
      throw new SafetensorsError(
        `tensor "${e.name}" bytes [${e.begin}, ${e.end}) overlap tensor "${entries[i - 1].name}" (ends at ${cursor})`,
      );
    }
    if (e.begin > cursor) throw new SafetensorsError(`tensor "${e.name}" starts at ${e.begin}, leaving a gap after byte ${cursor}`);
    cursor = e.end;
  }
  if (cursor !== dataLen)
    throw new SafetensorsError(
      `tensor bytes end at ${cursor} but the file holds ${dataLen} data bytes (trailing garbage or a missing tensor)`,
    );
  return { entries, metadata, dataStart };
}

function parseMetadata(raw: unknown): Record<string, string> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new SafetensorsError('__metadata__ must be an object of strings');
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string') throw new SafetensorsError(`__metadata__ value "${k}" must be a string (got ${typeof v})`);
  }
  return { ...(raw as Record<string, string>) };
}

function parseEntry(name: string, raw: unknown, dataLen: number): HeaderEntry {
  const bad = (what: string) => new SafetensorsError(`tensor "${name}": ${what}`);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw bad('header entry must be an object');
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (typeof dtype !== 'string' || !(dtype in DTYPE_BYTES)) throw bad(`unknown dtype ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape) || !shape.every((s) => Number.isSafeInteger(s) && s >= 0)) {
    throw bad(`shape must be an array of non-negative integers (got ${JSON.stringify(shape)})`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    throw bad(`data_offsets must be [begin, end] non-negative integers (got ${JSON.stringify(offsets)})`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) throw bad(`data_offsets [${begin}, ${end}] end before they begin`);
  if (end > dataLen) throw bad(`data_offsets [${begin}, ${end}] run past the ${dataLen} data bytes in the file (truncated?)`);
  const expected = (shape as number[]).reduce((a, s) => a * s, 1) * DTYPE_BYTES[dtype];
  if (end - begin !== expected) {
    throw bad(`shape [${shape.join(', ')}] × ${dtype} needs ${expected} bytes but data_offsets span ${end - begin}`);
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

/** Reads a whole safetensors file, decoding every tensor (see {@link SafetensorsTensor.data}). */
export function readSafetensors(bytes: Uint8Array): SafetensorsFile {
  const { entries, metadata, dataStart } = readSafetensorsHeader(bytes);
  const tensors = new Map<string, SafetensorsTensor>();
  for (const e of entries) {
    const raw = bytes.subarray(dataStart + e.begin, dataStart + e.end);
    tensors.set(e.name, { dtype: e.dtype as DecodedDtype, shape: e.shape, data: decode(e.name, e.dtype, raw) });
  }
  return { tensors, metadata };
}

/** Copies into a fresh, aligned buffer: file offsets need not be multiples of the element size. */
function aligned(raw: Uint8Array): ArrayBuffer {
  return raw.slice().buffer;
}

function decode(name: string, dtype: string, raw: Uint8Array): Float32Array | Int32Array {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (dtype) {
    case 'F32':
      // Zero-copy when the bytes are 4-aligned (the usual case: the header is padded to 8).
      if (LITTLE_ENDIAN && raw.byteOffset % 4 === 0) return new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
      if (LITTLE_ENDIAN) return new Float32Array(aligned(raw));
      return Float32Array.from({ length: raw.length / 4 }, (_, i) => view.getFloat32(4 * i, true));
    case 'F16':
    case 'BF16': {
      let halves: Uint16Array;
      if (LITTLE_ENDIAN)
        halves = raw.byteOffset % 2 === 0 ? new Uint16Array(raw.buffer, raw.byteOffset, raw.length / 2) : new Uint16Array(aligned(raw));
      else {
        halves = new Uint16Array(raw.length / 2);
        for (let i = 0; i < halves.length; i++) halves[i] = view.getUint16(2 * i, true);
      }
      return dtype === 'F16' ? float16ToFloat32(halves) : bfloat16ToFloat32(halves);
    }
    case 'F64':
      return Float32Array.from({ length: raw.length / 8 }, (_, i) => view.getFloat64(8 * i, true));
    case 'I32':
      return Int32Array.from({ length: raw.length / 4 }, (_, i) => view.getInt32(4 * i, true));
    case 'I64': {
      const out = new Int32Array(raw.length / 8);
      for (let i = 0; i < out.length; i++) {
        const v = view.getBigInt64(8 * i, true);
        if (v < -2147483648n || v > 2147483647n)
          throw new SafetensorsError(`tensor "${name}": I64 value ${v} at index ${i} does not fit in int32`);
        out[i] = Number(v);
      }
      return out;
    }
    default:
      throw new SafetensorsError(
        `tensor "${name}": dtype ${dtype} is valid safetensors but t5lab does not decode it (F32, F16, BF16, F64, I32, I64 only)`,
      );
  }
}

/**
 * Writes float32 tensors as a safetensors file, laid out like the reference writer: header keys
 * `__metadata__` first then tensors by name, tensor bytes in that order, header padded with
 * spaces to a multiple of 8 bytes.
 */
export function writeSafetensors(
  tensors: Map<string, Float32TensorInput> | Record<string, Float32TensorInput>,
  metadata: Record<string, string> = {},
  options: { dtype?: 'F32' | 'F16' | 'BF16' } = {},
): Uint8Array {
  const dtype = options.dtype ?? 'F32';
  if (dtype !== 'F32' && dtype !== 'F16' && dtype !== 'BF16') throw new RangeError(`dtype must be F32, F16 or BF16 (got ${String(dtype)})`);
  const width = dtype === 'F32' ? 4 : 2;
  const list = (tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string') throw new TypeError(`metadata value "${k}" must be a string (got ${typeof v})`);
  }
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of list) {
    if (name === '__metadata__') throw new RangeError('a tensor cannot be named "__metadata__"');
    if (!(t?.data instanceof Float32Array)) throw new TypeError(`tensor "${name}": data must be a Float32Array`);
    if (!Array.isArray(t.shape) || !t.shape.every((s) => Number.isSafeInteger(s) && s >= 0)) {
      throw new RangeError(`tensor "${name}": shape must be an array of non-negative integers (got ${JSON.stringify(t.shape)})`);
    }
    const size = t.shape.reduce((a, s) => a * s, 1);
    if (size !== t.data.length)
      throw new RangeError(`tensor "${name}": shape [${t.shape.join(', ')}] holds ${size} values but data has ${t.data.length}`);
    header[name] = { dtype, shape: [...t.shape], data_offsets: [offset, offset + width * size] };
    offset += width * size;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLen = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLen + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLen), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLen);
  let at = 8 + headerLen;
  const view = new DataView(out.buffer);
  for (const [, t] of list) {
    if (width === 2) {
      const bits = dtype === 'F16' ? float32ToFloat16Bits(t.data) : float32ToBfloat16Bits(t.data);
      bits.forEach((v, i) => view.setUint16(at + 2 * i, v, true));
    } else if (LITTLE_ENDIAN) out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    else t.data.forEach((v, i) => view.setFloat32(at + 4 * i, v, true));
    at += width * t.data.length;
  }
  return out;
}
