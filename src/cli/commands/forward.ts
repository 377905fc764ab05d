import { emit, UsageError, type Command } from '../command.ts';
import { activateBackend, backendOptions, modelFromCheckpointFlag, readJsonFile, tokenMatrix } from '../modelArgs.ts';

export const forwardCommand: Command = {
  name: 'forward',
  summary: 'teacher-forced forward pass of a checkpoint: logits of every decoder position and the loss',
  usage:
    't5lab forward --checkpoint DIR --input FILE [--backend cpu|wasm] [--json]   (FILE: {"input_ids": [[...]], "labels": [[...]]}, 0 = pad)',
  options: { ...backendOptions, checkpoint: { type: 'string' }, input: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, io) {
    if (typeof values.input !== 'string') throw new UsageError('--input FILE is required');
    const input = readJsonFile(values.input, '--input');
    await activateBackend(values);
    const tf = await import('@tensorflow/tfjs'); // loaded lazily, see init.ts
    const model = await modelFromCheckpointFlag(values);
    const { inputIds, labels } = readBatch(input, values.input, model.config.vocabSize);
    const ids = tf.tensor2d(inputIds, undefined, 'int32');
    const lab = tf.tensor2d(labels, undefined, 'int32');
    const out = model.forward({ inputIds: ids, labels: lab });
    const flat = await out.logits.data();
    const loss = (await out.loss.data())[0];
    const [b, T, V] = out.logits.shape;
    tf.dispose([ids, lab, out.logits, out.loss]);
    model.dispose();
    const logits = Array.from({ length: b }, (_, i) =>
      Array.from({ length: T }, (_, t) => Array.from(flat.subarray((i * T + t) * V, (i * T + t + 1) * V))),
    );
    emit(io, Boolean(values.json), { logits, loss }, () => {
      const argmax = logits.map((rows) => rows.map((row) => row.indexOf(Math.max(...row))));
      return [`loss ${loss}`, `logits [${b}, ${T}, ${V}]`, ...argmax.map((r, i) => `argmax[${i}] ${r.join(' ')}`)].join('\n');
    });
    return 0;
  },
};

/** `input_ids` and `labels` of an input file, checked (rectangular, ids < vocab, same batch). */
function readBatch(input: unknown, file: string, vocabSize: number): { inputIds: number[][]; labels: number[][] } {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw new UsageError(`--input ${file}: must be a JSON object {"input_ids": [[...]], "labels": [[...]]}`);
  const o = input as Record<string, unknown>;
  for (const key of ['input_ids', 'labels']) if (o[key] === undefined) throw new UsageError(`--input ${file}: "${key}" is missing`);
  const inputIds = tokenMatrix(o.input_ids, `--input ${file}: input_ids`, vocabSize);
  const labels = tokenMatrix(o.labels, `--input ${file}: labels`, vocabSize);
  if (inputIds.length !== labels.length)
    throw new UsageError(`--input ${file}: input_ids has ${inputIds.length} rows but labels has ${labels.length}`);
  return { inputIds, labels };
}
