import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parameterCount } from '../../model/parameterCount.ts';
import { emit, numberFlag, UsageError, type Command } from '../command.ts';
import { safeInteger } from '../../validation/checks.ts';
import { activateBackend, backendOptions, configFromFlags, configOptions } from '../modelArgs.ts';

const MAX_SINGLE_BUFFER_BYTES = 2 ** 32;

export const initCommand: Command = {
  name: 'init',
  summary: 'write a freshly initialised model as an HF checkpoint (config.json + model.safetensors)',
  usage: 't5lab init --preset NAME | --config config.json --out DIR [--seed 0] [--force] [--backend cpu|wasm] [--json]',
  options: {
    ...configOptions,
    ...backendOptions,
    seed: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(values, io) {
    const config = configFromFlags(values);
    const seed = numberFlag(values, 'seed', { integer: true, fallback: 0, check: safeInteger });
    // The whole file is built in one Uint8Array: Node and V8 cap those at 4 GiB (t5-large fits, t5-3b does not).
    const bytes = parameterCount(config) * 4;
    if (bytes >= MAX_SINGLE_BUFFER_BYTES) {
      throw new UsageError(
        `this model needs ${(bytes / 2 ** 30).toFixed(1)} GiB of float32 weights; t5lab writes single-file checkpoints of at most 4 GiB`,
      );
    }
    const out = values.out;
    if (typeof out !== 'string' || out === '') throw new UsageError('--out DIR is required');
    // tfjs and the model load only when a model command runs, keeping other commands fast to start.
    const { saveCheckpointDir, CONFIG_FILE, WEIGHTS_FILE } = await import('../../checkpoint/checkpointDir.ts');
    const { T5Model } = await import('../../model/t5Model.ts');
    // Refuse to overwrite a checkpoint (possibly a trained one) unless asked to.
    for (const file of [CONFIG_FILE, WEIGHTS_FILE]) {
      if (existsSync(join(out, file)) && !values.force)
        throw new UsageError(`--out ${out} already holds ${file}; pass --force to overwrite`);
    }
    await activateBackend(values);
    const model = T5Model.create(config, { seed });
    const written = await saveCheckpointDir(model, out);
    model.dispose();
    const result = { out, config: written.config, weights: written.weights, params: parameterCount(config), bytes: written.bytes, seed };
    emit(
      io,
      Boolean(values.json),
      result,
      () => `wrote ${written.config} and ${written.weights} (${result.params.toLocaleString('en-US')} parameters, seed ${seed})`,
    );
    return 0;
  },
};
