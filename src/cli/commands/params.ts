import { parameterCount } from '../../model/parameterCount.ts';
import { weightShapes } from '../../model/weightShapes.ts';
import { emit, type Command } from '../command.ts';
import { configFromFlags, configOptions } from '../modelArgs.ts';

/** Bytes per stored weight: t5lab keeps every weight in float32. */
const FLOAT32_BYTES = 4;

export const paramsCommand: Command = {
  name: 'params',
  summary: 'parameter count and float32 size of a model config (spec §A.11)',
  usage: 't5lab params --preset NAME | --config config.json [--json]',
  options: { ...configOptions, json: { type: 'boolean' } },
  run(values, io) {
    const config = configFromFlags(values);
    const params = parameterCount(config);
    const tensors = weightShapes(config).size;
    // `params` and `bytes` are the stable interface scripts rely on; the rest is informational.
    const result = { params, bytes: params * FLOAT32_BYTES, tensors };
    emit(io, Boolean(values.json), result, () =>
      [`parameters  ${params.toLocaleString('en-US')}`, `float32     ${formatBytes(result.bytes)}`, `tensors     ${tensors}`].join('\n'),
    );
    return 0;
  },
};

function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(u === 0 ? 0 : 1)} ${units[u]} (${n.toLocaleString('en-US')} bytes)`;
}
