/**
 * Sample predictions of a stored run (browser): loads its final checkpoint from IndexedDB,
 * rebuilds its validation batches from its own config and tokenizer (the examples its validation
 * loss was measured on) and decodes the first few (src/experiments/samplePredictions.ts).
 */
import { loadBundled } from '../data/bundledFiles.browser.ts';
import { loadTokenizer } from '../tokenizers/loadTokenizer.ts';
import type { RunRecord } from '../runs/runRecord.ts';
import { RunStore } from '../runs/runStore.ts';
import { modelFromTrainerState } from '../training/trainerState.ts';
import { prepareData } from '../training/trainingData.ts';
import { samplePredictions, type SamplePrediction } from './samplePredictions.ts';

export async function samplePredictionsOfRun(run: RunRecord, n = 3, dbName?: string): Promise<SamplePrediction[]> {
  if (!run.resolved) throw new RangeError(`run ${run.name} never started, so it has no tokenizer`);
  const checkpoint = await new RunStore(dbName).loadCheckpoint(run.id);
  if (!checkpoint) throw new RangeError(`run ${run.name} has no checkpoint to decode with`);
  const model = modelFromTrainerState(checkpoint.bytes);
  try {
    const tokenizer = loadTokenizer(run.resolved.tokenizer);
    const data = await prepareData(run.config, tokenizer, loadBundled);
    const batch = data.validation[0];
    return batch ? await samplePredictions(model, tokenizer, batch, n) : [];
  } finally {
    model.dispose();
  }
}
