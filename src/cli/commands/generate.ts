import { emit, numberFlag, UsageError, type Command } from '../command.ts';
import { activateBackend, backendOptions, readJsonFile, tokenMatrix } from '../modelArgs.ts';
import type { T5Model } from '../../model/t5Model.ts';
import type { Tokenizer } from '../../tokenizers/tokenizer.ts';
import { positiveInt } from '../../validation/checks.ts';

export const generateCommand: Command = {
  name: 'generate',
  summary: "greedy or beam-search decoding from a checkpoint: --text '…' in, text out (the folder's tokenizer), or ids in, ids out",
  usage:
    't5lab generate --checkpoint DIR (--text \'…\' | --input FILE) [--max-steps N] [--beam K] [--backend cpu|wasm] [--json]   (FILE: {"input_ids": [[...]]}, 0 = pad; --max-steps defaults to 64 with --text)',
  options: {
    ...backendOptions,
    checkpoint: { type: 'string' },
    input: { type: 'string' },
    text: { type: 'string' },
    'max-steps': { type: 'string' },
    beam: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, io) {
    if ((values.input === undefined) === (values.text === undefined))
      throw new UsageError("give exactly one of --text '…' or --input FILE");
    const byText = typeof values.text === 'string';
    const maxSteps = numberFlag(values, 'max-steps', { integer: true, fallback: byText ? 64 : undefined });
    const beamSize = numberFlag(values, 'beam', { integer: true, fallback: 1 });
    positiveInt(maxSteps, '--max-steps');
    positiveInt(beamSize, '--beam');
    const input = byText ? undefined : readJsonFile(values.input as string, '--input');
    if (
      !byText &&
      (input === null || typeof input !== 'object' || Array.isArray(input) || (input as Record<string, unknown>).input_ids === undefined)
    ) {
      throw new UsageError(`--input ${values.input}: must be a JSON object with "input_ids": [[...]]`);
    }
    await activateBackend(values);
    const tf = await import('@tensorflow/tfjs'); // loaded lazily, see init.ts
    const { model, tokenizer } = await folderFromFlag(values);
    let inputIds: number[][];
    if (byText) {
      if (!tokenizer)
        throw new UsageError(
          `--checkpoint ${values.checkpoint}: the folder has no tokenizer (tokenizer.t5lab.json, spiece.model or tokenizer.json), so --text cannot be encoded; use --input FILE`,
        );
      const text = values.text as string;
      if (text.trim() === '') throw new UsageError('--text must not be empty');
      inputIds = [[...tokenizer.encode(text), tokenizer.eosId]];
      const tooBig = inputIds[0].find((id) => id >= model.config.vocabSize);
      if (tooBig !== undefined)
        throw new UsageError(`--text: the tokenizer produced id ${tooBig}, not below the model's vocab_size ${model.config.vocabSize}`);
    } else
      inputIds = tokenMatrix((input as Record<string, unknown>).input_ids, `--input ${values.input}: input_ids`, model.config.vocabSize);
    const ids = tf.tensor2d(inputIds, undefined, 'int32');
    const result = await model.generate(ids, { maxSteps, beamSize });
    ids.dispose();
    model.dispose();
    // One row per input, without the start token, ending with EOS (1) when one was produced.
    const tokens = result.sequences;
    if (byText) {
      const text = tokenizer!.decode(tokens[0]);
      emit(io, Boolean(values.json), { text, tokens, input_ids: inputIds }, () => text);
    } else emit(io, Boolean(values.json), { tokens }, () => tokens.map((row) => row.join(' ')).join('\n'));
    return 0;
  },
};

/** The model and tokenizer of `--checkpoint DIR`; a missing directory or file is a usage error. */
async function folderFromFlag(values: Record<string, unknown>): Promise<{ model: T5Model; tokenizer?: Tokenizer }> {
  const dir = values.checkpoint;
  if (typeof dir !== 'string' || dir === '') throw new UsageError('--checkpoint DIR is required');
  const { loadCheckpointFolder, CheckpointDirError } = await import('../../checkpoint/checkpointDir.ts');
  try {
    return loadCheckpointFolder(dir);
  } catch (err) {
    if (err instanceof CheckpointDirError && /does not exist|is not a directory|has no /.test(err.message))
      throw new UsageError(`--checkpoint: ${err.message}`);
    throw err;
  }
}
