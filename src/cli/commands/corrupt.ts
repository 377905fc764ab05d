import { readFileSync } from 'node:fs';
import { Rng } from '../../objectives/rng.ts';
import { OBJECTIVE_NAMES, getObjective } from '../../objectives/objectives.ts';
import { vocabOfSize, vocabOfTokenizer, type SentinelVocab } from '../../objectives/vocab.ts';
import { ByteTokenizer } from '../../tokenizers/byteTokenizer.ts';
import { loadTokenizer } from '../../tokenizers/loadTokenizer.ts';
import type { Tokenizer } from '../../tokenizers/tokenizer.ts';
import { emit, numberFlag, UsageError, type Command } from '../command.ts';

/** `byte`, or a path to a JSON file written from `Tokenizer.toJSON()`. */
function tokenizerFlag(value: string): Tokenizer {
  if (value === 'byte') return new ByteTokenizer();
  let text: string;
  try {
    text = readFileSync(value, 'utf8');
  } catch (err) {
    throw new UsageError(`--tokenizer: cannot read "${value}" (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); use "byte" or a tokenizer JSON file`);
  }
  try {
    return loadTokenizer(JSON.parse(text));
  } catch (err) {
    throw new UsageError(`--tokenizer: "${value}" is not a tokenizer JSON file: ${(err as Error).message}`);
  }
}

function idsFlag(raw: string, vocabSize: number): number[] {
  const parts = raw.split(',').map((s) => s.trim());
  const ids = parts.map(Number);
  ids.forEach((id, i) => {
    if (parts[i] === '' || !Number.isInteger(id) || id < 0 || id >= vocabSize) {
      throw new UsageError(`--ids: "${parts[i]}" is not an integer id in [0, ${vocabSize}) (--vocab-size ${vocabSize})`);
    }
  });
  return ids;
}

export const corruptCommand: Command = {
  name: 'corrupt',
  summary: 'apply a pre-training objective to text or token ids (spec §B.3–B.6)',
  usage:
    't5lab corrupt --objective NAME [--density D] [--mean-span S] [--seed 0] (--text "…" [--tokenizer byte|FILE] | --ids 5,6,7 --vocab-size V) [--json]\n' +
    `  NAME: ${OBJECTIVE_NAMES.join(', ')}`,
  options: {
    objective: { type: 'string' },
    density: { type: 'string' },
    'mean-span': { type: 'string' },
    seed: { type: 'string' },
    text: { type: 'string' },
    tokenizer: { type: 'string' },
    ids: { type: 'string' },
    'vocab-size': { type: 'string' },
    json: { type: 'boolean' },
  },
  run(values, io) {
    const name = values.objective;
    if (typeof name !== 'string') throw new UsageError(`--objective is required (one of: ${OBJECTIVE_NAMES.join(', ')})`);
    if (!(OBJECTIVE_NAMES as readonly string[]).includes(name)) throw new UsageError(`--objective must be one of: ${OBJECTIVE_NAMES.join(', ')} (got "${name}")`);
    const objective = getObjective(name);
    const density = numberFlag(values, 'density', { fallback: objective.defaults.density });
    if (!(density >= 0 && density <= objective.maxDensity)) throw new UsageError(`--density must be in [0, ${objective.maxDensity}] for ${name} (got ${density})`);
    const meanSpan = numberFlag(values, 'mean-span', { fallback: objective.defaults.meanSpan });
    if (!(meanSpan > 0)) throw new UsageError(`--mean-span must be positive (got ${meanSpan})`);
    const seed = numberFlag(values, 'seed', { integer: true, fallback: 0 });
    if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a safe integer (got ${seed})`);

    const hasText = typeof values.text === 'string';
    const hasIds = typeof values.ids === 'string';
    if (hasText === hasIds) throw new UsageError('give exactly one of --text or --ids');
    let tokens: number[];
    let vocab: SentinelVocab;
    let tokenizer: Tokenizer | undefined;
    if (hasText) {
      if (values['vocab-size'] !== undefined) throw new UsageError('--vocab-size goes with --ids; with --text the tokenizer sets the vocabulary');
      tokenizer = tokenizerFlag(typeof values.tokenizer === 'string' ? values.tokenizer : 'byte');
      tokens = tokenizer.encode(values.text as string);
      vocab = vocabOfTokenizer(tokenizer);
    } else {
      if (values.tokenizer !== undefined) throw new UsageError('--tokenizer goes with --text; with --ids give --vocab-size');
      const vocabSize = numberFlag(values, 'vocab-size', { integer: true });
      if (vocabSize < 5) throw new UsageError(`--vocab-size must be an integer ≥ 5 (got ${vocabSize})`);
      tokens = idsFlag(values.ids as string, vocabSize);
      vocab = vocabOfSize(vocabSize);
    }

    let result;
    try {
      result = objective.corrupt(tokens, { density, meanSpan, vocab, rng: new Rng(seed) });
    } catch (err) {
      // e.g. more noise spans than the tokenizer has sentinels.
      throw new UsageError((err as Error).message);
    }
    const out: Record<string, unknown> = {
      inputs: Array.from(result.inputs),
      targets: Array.from(result.targets),
      mask: Array.from(result.mask, (b) => b === 1),
    };
    if (tokenizer) {
      out.inputs_text = tokenizer.decode(result.inputs);
      out.targets_text = tokenizer.decode(result.targets);
      out.inputs_pieces = tokenizer.pieces(result.inputs);
      out.targets_pieces = tokenizer.pieces(result.targets);
    }
    emit(io, Boolean(values.json), out, () => {
      const lines = [`objective ${name} (${objective.paperLabel}), density ${density}${objective.maskKind === 'spans' ? `, mean span ${meanSpan}` : ''}, seed ${seed}`];
      lines.push(`mask     ${Array.from(result.mask).join('')}`);
      if (tokenizer) lines.push(`inputs   ${out.inputs_text}</s>`, `targets  ${out.targets_text}</s>`);
      lines.push(`inputs   [${(out.inputs as number[]).join(', ')}]`, `targets  [${(out.targets as number[]).join(', ')}]`);
      return lines.join('\n');
    });
    return 0;
  },
};
