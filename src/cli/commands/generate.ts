import { emit, numberFlag, UsageError, type Command } from '../command.ts';
import { activateBackend, backendOptions, modelFromCheckpointFlag, readJsonFile, tokenMatrix } from '../modelArgs.ts';

export const generateCommand: Command = {
  name: 'generate',
  summary: 'greedy or beam-search decoding from a checkpoint (ids in, ids out)',
  usage: 't5lab generate --checkpoint DIR --input FILE --max-steps N [--beam K] [--backend cpu|wasm] [--json]   (FILE: {"input_ids": [[...]]}, 0 = pad)',
  options: { ...backendOptions, checkpoint: { type: 'string' }, input: { type: 'string' }, 'max-steps': { type: 'string' }, beam: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, io) {
    if (typeof values.input !== 'string') throw new UsageError('--input FILE is required');
    const maxSteps = numberFlag(values, 'max-steps', { integer: true });
    const beamSize = numberFlag(values, 'beam', { integer: true, fallback: 1 });
    if (maxSteps <= 0) throw new UsageError(`--max-steps must be a positive integer (got ${maxSteps})`);
    if (beamSize <= 0) throw new UsageError(`--beam must be a positive integer (got ${beamSize})`);
    const input = readJsonFile(values.input, '--input');
    if (input === null || typeof input !== 'object' || Array.isArray(input) || (input as Record<string, unknown>).input_ids === undefined) {
      throw new UsageError(`--input ${values.input}: must be a JSON object with "input_ids": [[...]]`);
    }
    await activateBackend(values);
    const tf = await import('@tensorflow/tfjs'); // loaded lazily, see init.ts
    const model = await modelFromCheckpointFlag(values);
    const inputIds = tokenMatrix((input as Record<string, unknown>).input_ids, `--input ${values.input}: input_ids`, model.config.vocabSize);
    const ids = tf.tensor2d(inputIds, undefined, 'int32');
    const result = await model.generate(ids, { maxSteps, beamSize });
    ids.dispose();
    model.dispose();
    // One row per input, without the start token, ending with EOS (1) when one was produced.
    const tokens = result.sequences;
    emit(io, Boolean(values.json), { tokens }, () => tokens.map((row) => row.join(' ')).join('\n'));
    return 0;
  },
};
