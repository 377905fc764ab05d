import { emit, UsageError, type Command } from '../command.ts';

export const importRunCommand: Command = {
  name: 'import-run',
  summary: 'import an HF Trainer output folder (trainer_state.json + final checkpoint) as a t5lab run directory',
  usage:
    't5lab import-run PATH [--out DIR] [--json]\n' +
    '  PATH: an HF Trainer output_dir (or an exported recipe\'s "output" folder); DIR (default PATH.t5lab) gets run.json,\n' +
    '  config.json + model.safetensors and the tokenizer, so forward/generate --run DIR and the runs table read it',
  options: { out: { type: 'string' }, json: { type: 'boolean' } },
  positionals: true,
  async run(values, io) {
    const positionals = (values.positionals as string[] | undefined) ?? [];
    if (positionals.length !== 1) throw new UsageError('give exactly one PATH (an HF Trainer output folder)');
    const path = positionals[0].replace(/\/+$/, '');
    const out = typeof values.out === 'string' && values.out !== '' ? values.out : `${path}.t5lab`;
    const { importHfTrainerRun, ImportRunError } = await import('../../recipes/importRun.ts');
    let imported;
    try {
      imported = importHfTrainerRun(path, out);
    } catch (err) {
      if (err instanceof ImportRunError) throw new UsageError(err.message);
      throw err;
    }
    const r = imported.record;
    const last = r.history[r.history.length - 1];
    const lastVal = [...r.history].reverse().find((h) => h.valLoss !== undefined)?.valLoss;
    emit(
      io,
      Boolean(values.json),
      { out: imported.out, id: r.id, name: r.name, status: r.status, step: r.step, entries: r.history.length, files: imported.files },
      () =>
        [
          `imported ${path} → ${imported.out}: "${r.name}", ${r.status} at step ${r.step}, ${r.history.length} log entries`,
          `last loss ${last.loss}${lastVal !== undefined ? `, last validation loss ${lastVal}` : ''}; files: ${imported.files.join(', ')}`,
        ].join('\n'),
    );
    return 0;
  },
};
