/**
 * A stored run as a Hugging Face folder zipped for download (browser; the CLI writes the same
 * files with `t5lab export`): the run's newest checkpoint becomes the model, its resolved
 * tokenizer the tokenizer files, its record the model card.
 */
import { zipSync } from 'fflate';
import { RunStore } from './runStore.ts';
import type { RunRecord } from './runRecord.ts';
import { cardFactsFromRun } from './runModelCard.ts';
import { modelFromTrainerState } from '../training/trainerState.ts';
import { loadTokenizer } from '../tokenizers/loadTokenizer.ts';
import { exportHfFolder } from '../checkpoint/hfExport.ts';

/** The zip bytes of the run's HF folder (files at the top level, as `from_pretrained` expects once unzipped). */
export async function runAsHfZip(
  record: RunRecord,
  options: { dtype?: 'F32' | 'F16' | 'BF16'; dbName?: string } = {},
): Promise<Uint8Array> {
  const checkpoint = await new RunStore(options.dbName).loadCheckpoint(record.id);
  if (!checkpoint) throw new RangeError(`run "${record.name}" has no checkpoint to export yet`);
  const model = modelFromTrainerState(checkpoint.bytes);
  try {
    const tokenizer = record.resolved ? loadTokenizer(record.resolved.tokenizer) : undefined;
    const files = await exportHfFolder(model, {
      tokenizer,
      dtype: options.dtype,
      card: { ...cardFactsFromRun(record), steps: checkpoint.step },
    });
    const enc = new TextEncoder();
    return zipSync(Object.fromEntries([...files].map(([name, data]) => [name, typeof data === 'string' ? enc.encode(data) : data])), {
      level: 0,
    });
  } finally {
    model.dispose();
  }
}
