import { emit, UsageError, type Command } from '../command.ts';
import { activateBackend, backendOptions } from '../modelArgs.ts';
import { oneOf, ValidationError } from '../../validation/checks.ts';

export const exportCommand: Command = {
  name: 'export',
  summary: 'write a run or checkpoint as a Hugging Face folder (config, weights, tokenizer.json, generation config, README)',
  usage:
    't5lab export --from DIR --out DIR [--dtype f32|f16|bf16] [--backend cpu|wasm] [--json]   (loads with T5ForConditionalGeneration.from_pretrained(DIR))',
  options: { ...backendOptions, from: { type: 'string' }, out: { type: 'string' }, dtype: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, io) {
    if (typeof values.from !== 'string' || values.from === '')
      throw new UsageError('--from DIR is required (a t5lab run or a checkpoint folder)');
    if (typeof values.out !== 'string' || values.out === '') throw new UsageError('--out DIR is required');
    let dtype: 'F32' | 'F16' | 'BF16';
    try {
      dtype = oneOf(String(values.dtype ?? 'f32').toLowerCase(), '--dtype', ['f32', 'f16', 'bf16'] as const).toUpperCase() as typeof dtype;
    } catch (err) {
      if (err instanceof ValidationError) throw new UsageError(err.message);
      throw err;
    }
    await activateBackend(values);
    const { loadCheckpointFolder, saveHfFolder, CheckpointDirError } = await import('../../checkpoint/checkpointDir.ts');
    const { readRunRecord } = await import('../../runs/runDir.ts');
    const { cardFactsFromRun } = await import('../../runs/runModelCard.ts');
    let loaded;
    try {
      loaded = loadCheckpointFolder(values.from);
    } catch (err) {
      if (err instanceof CheckpointDirError && /does not exist|is not a directory|has no /.test(err.message))
        throw new UsageError(`--from: ${err.message}`);
      throw err;
    }
    const record = readRunRecord(values.from);
    const files = await saveHfFolder(loaded.model, values.out, {
      tokenizer: loaded.tokenizer,
      dtype,
      card: record ? cardFactsFromRun(record) : { name: `T5 model from ${values.from}` },
    });
    loaded.model.dispose();
    emit(io, Boolean(values.json), { out: values.out, files, dtype }, () => `wrote ${values.out}: ${files.join(', ')}`);
    return 0;
  },
};
