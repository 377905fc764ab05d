import { Rng } from '../../objectives/rng.ts';
import { OBJECTIVE_NAMES, getObjective } from '../../objectives/objectives.ts';
import { vocabOfSize, vocabOfTokenizer, type SentinelVocab } from '../../objectives/vocab.ts';
import { ByteTokenizer } from '../../tokenizers/byteTokenizer.ts';
import { loadTokenizer } from '../../tokenizers/loadTokenizer.ts';
import { tokenizerFromFileFlag } from '../tokenizerFileFlag.ts';
import type { Tokenizer } from '../../tokenizers/tokenizer.ts';
import { emit, numberFlag, UsageError, type Command } from '../command.ts';
import { intAtLeast, numberIn, positiveNumber, safeInteger } from '../../validation/checks.ts';

/** `byte`, or a tokenizer file: a spiece.model, an HF tokenizer.json or a t5lab tokenizer (tokenizerFileFlag.ts). */
function tokenizerFlag(value: string): Promise<Tokenizer> {
  return value === 'byte' ? Promise.resolve(new ByteTokenizer()) : tokenizerFromFileFlag(value);
}

/** Where the tokenizer of `--text` came from, for stderr and the JSON output. */
interface ChosenTokenizer {
  tokenizer: Tokenizer;
  /** "--tokenizer byte", "--run DIR" or "default". */
  from: string;
}

/** The tokenizer saved with a run or checkpoint directory (tokenizer.t5lab.json or tokenizer.json). */
async function runTokenizer(dir: string): Promise<Tokenizer> {
  const { readDirTokenizer } = await import('../../runs/runDir.ts');
  let saved;
  try {
    saved = readDirTokenizer(dir);
  } catch (err) {
    throw new UsageError(`--run ${dir}: its tokenizer cannot be read (${(err as Error).message})`);
  }
  if (!saved)
    throw new UsageError(`--run ${dir}: no tokenizer.t5lab.json or tokenizer.json there (is it a t5lab train output or an HF checkpoint?)`);
  try {
    if ('t5lab' in saved) return loadTokenizer(saved.t5lab);
    const { importHfTokenizerJson } = await import('../../tokenizers/hfTokenizer.ts');
    return importHfTokenizerJson(saved.hf);
  } catch (err) {
    throw new UsageError(`--run ${dir}: its tokenizer is not usable: ${(err as Error).message}`);
  }
}

/** `--tokenizer`, else `--run DIR`'s tokenizer, else bytes (and the caller says so). */
async function chooseTokenizer(values: Record<string, unknown>): Promise<ChosenTokenizer> {
  if (typeof values.tokenizer === 'string' && typeof values.run === 'string')
    throw new UsageError('give either --tokenizer or --run DIR, not both');
  if (typeof values.tokenizer === 'string')
    return { tokenizer: await tokenizerFlag(values.tokenizer), from: `--tokenizer ${values.tokenizer}` };
  if (typeof values.run === 'string') return { tokenizer: await runTokenizer(values.run), from: `--run ${values.run}` };
  return { tokenizer: new ByteTokenizer(), from: 'default' };
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
    't5lab corrupt --objective NAME [--density D] [--mean-span S] [--seed 0] (--text "…" [--tokenizer byte|FILE | --run DIR] | --ids 5,6,7 --vocab-size V) [--json]\n' +
    '  --text uses --tokenizer, else the tokenizer saved in --run DIR, else bytes; stderr (and "tokenizer" in --json) says which\n' +
    `  NAME: ${OBJECTIVE_NAMES.join(', ')}`,
  options: {
    objective: { type: 'string' },
    density: { type: 'string' },
    'mean-span': { type: 'string' },
    seed: { type: 'string' },
    text: { type: 'string' },
    tokenizer: { type: 'string' },
    run: { type: 'string' },
    ids: { type: 'string' },
    'vocab-size': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, io) {
    const name = values.objective;
    if (typeof name !== 'string') throw new UsageError(`--objective is required (one of: ${OBJECTIVE_NAMES.join(', ')})`);
    if (!(OBJECTIVE_NAMES as readonly string[]).includes(name))
      throw new UsageError(`--objective must be one of: ${OBJECTIVE_NAMES.join(', ')} (got "${name}")`);
    const objective = getObjective(name);
    const density = numberFlag(values, 'density', {
      fallback: objective.defaults.density,
      check: (v, n) => numberIn(v, `${n} (for ${name})`, 0, objective.maxDensity),
    });
    const meanSpan = numberFlag(values, 'mean-span', { fallback: objective.defaults.meanSpan, check: positiveNumber });
    const seed = numberFlag(values, 'seed', { integer: true, fallback: 0, check: safeInteger });

    const hasText = typeof values.text === 'string';
    const hasIds = typeof values.ids === 'string';
    if (hasText === hasIds) throw new UsageError('give exactly one of --text or --ids');
    let tokens: number[];
    let vocab: SentinelVocab;
    let tokenizer: Tokenizer | undefined;
    let tokenizerInfo: { kind: string; vocab_size: number; from: string } | undefined;
    if (hasText) {
      if (values['vocab-size'] !== undefined)
        throw new UsageError('--vocab-size goes with --ids; with --text the tokenizer sets the vocabulary');
      const chosen = await chooseTokenizer(values);
      tokenizer = chosen.tokenizer;
      tokenizerInfo = { kind: tokenizer.toJSON().kind, vocab_size: tokenizer.vocabSize, from: chosen.from };
      io.stderr(
        `t5lab corrupt: tokenizer ${tokenizerInfo.kind} (${tokenizerInfo.vocab_size} ids) from ${chosen.from === 'default' ? 'the default (bytes; pass --tokenizer FILE or --run DIR for a trained one)' : chosen.from}\n`,
      );
      tokens = tokenizer.encode(values.text as string);
      vocab = vocabOfTokenizer(tokenizer);
    } else {
      if (values.tokenizer !== undefined || values.run !== undefined)
        throw new UsageError('--tokenizer and --run go with --text; with --ids give --vocab-size');
      const vocabSize = numberFlag(values, 'vocab-size', { integer: true, check: (v, n) => intAtLeast(v, n, 5) });
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
      out.tokenizer = tokenizerInfo;
      out.inputs_text = tokenizer.decode(result.inputs);
      out.targets_text = tokenizer.decode(result.targets);
      out.inputs_pieces = tokenizer.pieces(result.inputs);
      out.targets_pieces = tokenizer.pieces(result.targets);
    }
    emit(io, Boolean(values.json), out, () => {
      const lines = [
        `objective ${name} (${objective.paperLabel}), density ${density}${objective.maskKind === 'spans' ? `, mean span ${meanSpan}` : ''}, seed ${seed}`,
      ];
      lines.push(`mask     ${Array.from(result.mask).join('')}`);
      if (tokenizer) lines.push(`inputs   ${out.inputs_text}</s>`, `targets  ${out.targets_text}</s>`);
      lines.push(`inputs   [${(out.inputs as number[]).join(', ')}]`, `targets  [${(out.targets as number[]).join(', ')}]`);
      return lines.join('\n');
    });
    return 0;
  },
};
