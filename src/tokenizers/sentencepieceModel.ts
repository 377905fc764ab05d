/**
 * Reader for SentencePiece model files (`spiece.model`, the `ModelProto` protobuf of
 * sentencepiece_model.proto). Only the fields encoding and decoding need are kept: the pieces
 * (text, score, type), the trainer flags that change encoding (model type, byte fallback, unk
 * surface) and the normaliser spec (precompiled charsmap, dummy prefix, whitespace rules).
 * Unknown fields are skipped as protobuf requires; a truncated or malformed file throws a
 * {@link SentencePieceModelError} naming the field and byte offset.
 */

/** A model file that is not a readable SentencePiece ModelProto; the message says where and why. */
export class SentencePieceModelError extends Error {
  override name = 'SentencePieceModelError';
}

/** `ModelProto.SentencePiece.Type`. */
export const PieceType = { NORMAL: 1, UNKNOWN: 2, CONTROL: 3, USER_DEFINED: 4, UNUSED: 5, BYTE: 6 } as const;
export type PieceTypeValue = (typeof PieceType)[keyof typeof PieceType];

export interface SentencePiece {
  piece: string;
  score: number;
  type: PieceTypeValue;
}

export interface NormalizerSpec {
  name: string;
  /** Darts double-array trie + NUL-terminated replacement strings (empty: no normalisation). */
  precompiledCharsmap: Uint8Array;
  addDummyPrefix: boolean;
  removeExtraWhitespaces: boolean;
  escapeWhitespaces: boolean;
}

export interface TrainerSpec {
  /** 1 unigram, 2 BPE, 3 word, 4 char. */
  modelType: number;
  vocabSize: number;
  byteFallback: boolean;
  treatWhitespaceAsSuffix: boolean;
  unkSurface: string;
}

export interface SentencePieceModelProto {
  pieces: SentencePiece[];
  trainerSpec: TrainerSpec;
  normalizerSpec: NormalizerSpec;
}

const MODEL_TYPES: Record<number, string> = { 1: 'unigram', 2: 'bpe', 3: 'word', 4: 'char' };
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A protobuf field as read from the wire: varints as numbers, length-delimited as byte ranges. */
interface Field {
  number: number;
  wire: number;
  varint: number;
  start: number;
  end: number;
}

/** Iterates the fields of the message in bytes[start, end), validating every length. */
function* fields(bytes: Uint8Array, start: number, end: number, where: string): Generator<Field> {
  let pos = start;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= end) throw new SentencePieceModelError(`${where}: truncated varint at byte ${pos}`);
      const b = bytes[pos++];
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
    throw new SentencePieceModelError(`${where}: varint longer than 10 bytes at byte ${pos}`);
  };
  while (pos < end) {
    const at = pos;
    const key = varint();
    const number = Math.floor(key / 8);
    const wire = key % 8;
    if (number === 0) throw new SentencePieceModelError(`${where}: field number 0 at byte ${at} (not a SentencePiece model?)`);
    const field: Field = { number, wire, varint: 0, start: pos, end: pos };
    if (wire === 0) field.varint = varint();
    else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      if (pos + size > end) throw new SentencePieceModelError(`${where}: field ${number} at byte ${at} is truncated`);
      field.start = pos;
      pos += size;
      field.end = pos;
    } else if (wire === 2) {
      const len = varint();
      if (len > end - pos)
        throw new SentencePieceModelError(
          `${where}: field ${number} at byte ${at} claims ${len} bytes but only ${end - pos} remain (truncated file?)`,
        );
      field.start = pos;
      pos += len;
      field.end = pos;
    } else {
      throw new SentencePieceModelError(
        `${where}: unsupported wire type ${wire} for field ${number} at byte ${at} (not a SentencePiece model?)`,
      );
    }
    yield field;
  }
}

function text(bytes: Uint8Array, f: Field, what: string): string {
  if (f.wire !== 2) throw new SentencePieceModelError(`${what} must be a string (wire type 2, got ${f.wire})`);
  try {
    return utf8.decode(bytes.subarray(f.start, f.end));
  } catch {
    throw new SentencePieceModelError(`${what} at byte ${f.start} is not valid UTF-8`);
  }
}

function expectWire(f: Field, wire: number, what: string): void {
  if (f.wire !== wire) throw new SentencePieceModelError(`${what} has wire type ${f.wire}, expected ${wire}`);
}

function readPiece(bytes: Uint8Array, f: Field, index: number): SentencePiece {
  const where = `pieces[${index}]`;
  expectWire(f, 2, where);
  let piece: string | undefined;
  let score = 0;
  let type: number = PieceType.NORMAL;
  for (const g of fields(bytes, f.start, f.end, where)) {
    if (g.number === 1) piece = text(bytes, g, `${where}.piece`);
    else if (g.number === 2) {
      expectWire(g, 5, `${where}.score`);
      score = new DataView(bytes.buffer, bytes.byteOffset + g.start, 4).getFloat32(0, true);
    } else if (g.number === 3) {
      expectWire(g, 0, `${where}.type`);
      type = g.varint;
    }
  }
  if (piece === undefined) throw new SentencePieceModelError(`${where} has no piece text`);
  if (type < 1 || type > 6) throw new SentencePieceModelError(`${where} ("${piece}") has unknown type ${type}`);
  return { piece, score, type: type as PieceTypeValue };
}

function varint(f: Field, what: string): number {
  expectWire(f, 0, what);
  return f.varint;
}

function bool(f: Field, what: string): boolean {
  expectWire(f, 0, what);
  return f.varint !== 0;
}

function readTrainerSpec(bytes: Uint8Array, f: Field): TrainerSpec {
  expectWire(f, 2, 'trainer_spec');
  const spec: TrainerSpec = { modelType: 1, vocabSize: 8000, byteFallback: false, treatWhitespaceAsSuffix: false, unkSurface: ' \u2047 ' };
  for (const g of fields(bytes, f.start, f.end, 'trainer_spec')) {
    if (g.number === 3) spec.modelType = varint(g, 'trainer_spec.model_type');
    else if (g.number === 4) spec.vocabSize = varint(g, 'trainer_spec.vocab_size');
    else if (g.number === 24) spec.treatWhitespaceAsSuffix = bool(g, 'trainer_spec.treat_whitespace_as_suffix');
    else if (g.number === 35) spec.byteFallback = bool(g, 'trainer_spec.byte_fallback');
    else if (g.number === 44) spec.unkSurface = text(bytes, g, 'trainer_spec.unk_surface');
  }
  return spec;
}

function readNormalizerSpec(bytes: Uint8Array, f: Field): NormalizerSpec {
  expectWire(f, 2, 'normalizer_spec');
  const spec: NormalizerSpec = {
    name: '',
    precompiledCharsmap: new Uint8Array(0),
    addDummyPrefix: true,
    removeExtraWhitespaces: true,
    escapeWhitespaces: true,
  };
  for (const g of fields(bytes, f.start, f.end, 'normalizer_spec')) {
    if (g.number === 1) spec.name = text(bytes, g, 'normalizer_spec.name');
    else if (g.number === 2) {
      expectWire(g, 2, 'normalizer_spec.precompiled_charsmap');
      spec.precompiledCharsmap = bytes.slice(g.start, g.end);
    } else if (g.number === 3) spec.addDummyPrefix = bool(g, 'normalizer_spec.add_dummy_prefix');
    else if (g.number === 4) spec.removeExtraWhitespaces = bool(g, 'normalizer_spec.remove_extra_whitespaces');
    else if (g.number === 5) spec.escapeWhitespaces = bool(g, 'normalizer_spec.escape_whitespaces');
  }
  return spec;
}

/**
 * Parses the bytes of a `.model` file. Only unigram models are accepted (every T5 checkpoint's
 * spiece.model is one); the error for a BPE/word/char model says so.
 */
export function readSentencePieceModel(bytes: Uint8Array): SentencePieceModelProto {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('readSentencePieceModel: bytes must be a Uint8Array');
  if (bytes.length === 0) throw new SentencePieceModelError('the file is empty');
  const pieces: SentencePiece[] = [];
  let trainerSpec: TrainerSpec | undefined;
  let normalizerSpec: NormalizerSpec | undefined;
  for (const f of fields(bytes, 0, bytes.length, 'model')) {
    if (f.number === 1) pieces.push(readPiece(bytes, f, pieces.length));
    else if (f.number === 2) trainerSpec = readTrainerSpec(bytes, f);
    else if (f.number === 3) normalizerSpec = readNormalizerSpec(bytes, f);
  }
  if (pieces.length === 0) throw new SentencePieceModelError('the model has no pieces (not a SentencePiece model?)');
  trainerSpec ??= readTrainerSpec(bytes, { number: 2, wire: 2, varint: 0, start: 0, end: 0 });
  normalizerSpec ??= readNormalizerSpec(bytes, { number: 3, wire: 2, varint: 0, start: 0, end: 0 });
  if (trainerSpec.modelType !== 1) {
    throw new SentencePieceModelError(
      `model_type is ${MODEL_TYPES[trainerSpec.modelType] ?? trainerSpec.modelType}; t5lab reads unigram models (T5's spiece.model is one)`,
    );
  }
  const seen = new Map<string, number>();
  pieces.forEach((p, i) => {
    if (p.piece === '') throw new SentencePieceModelError(`pieces[${i}] is empty`);
    const prev = seen.get(p.piece);
    if (prev !== undefined) throw new SentencePieceModelError(`pieces[${i}] "${p.piece}" repeats pieces[${prev}]`);
    seen.set(p.piece, i);
  });
  if (!pieces.some((p) => p.type === PieceType.UNKNOWN)) throw new SentencePieceModelError('the model has no <unk> piece (type UNKNOWN)');
  return { pieces, trainerSpec, normalizerSpec };
}
