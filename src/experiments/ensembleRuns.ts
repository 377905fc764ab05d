/**
 * The ensemble point of a scaling sweep (browser): loads the final checkpoint of each member run
 * from IndexedDB, rebuilds the FIRST member's validation batches (so every member and the
 * ensemble are scored on the same examples) and returns the logit-averaged ensemble's loss next
 * to each member's own loss on those batches.
 */
import { loadBundled } from '../data/bundledFiles.browser.ts';
import { loadTokenizer } from '../tokenizers/loadTokenizer.ts';
import type { RunRecord } from '../runs/runRecord.ts';
import { RunStore } from '../runs/runStore.ts';
import { modelFromTrainerState } from '../training/trainerState.ts';
import { prepareData } from '../training/trainingData.ts';
import { validationLoss } from '../training/evaluation.ts';
import { ensembleValidationLoss } from './ensembleLoss.ts';

export interface EnsembleScore {
  ensembleLoss: number;
  memberLosses: number[];
}

export async function ensembleScoreOfRuns(members: readonly RunRecord[], dbName?: string): Promise<EnsembleScore> {
  if (members.length === 0) throw new RangeError('ensembleScoreOfRuns: members must not be empty');
  const first = members[0];
  if (!first.resolved) throw new RangeError(`run ${first.id} never started, so it has no tokenizer`);
  const store = new RunStore(dbName);
  const models = [];
  try {
    for (const r of members) {
      const c = await store.loadCheckpoint(r.id);
      if (!c) throw new RangeError(`run ${r.id} has no checkpoint to evaluate`);
      models.push(modelFromTrainerState(c.bytes));
    }
    const tokenizer = loadTokenizer(first.resolved.tokenizer);
    const data = await prepareData(first.config, tokenizer, loadBundled);
    const memberLosses: number[] = [];
    for (const m of models) memberLosses.push(await validationLoss(m, data.validation));
    return { ensembleLoss: await ensembleValidationLoss(models, data.validation), memberLosses };
  } finally {
    for (const m of models) m.dispose();
  }
}
