/** The model-card facts of a run record (what an HF export's README says about training). */
import type { RunRecord } from './runRecord.ts';
import type { ModelCardFacts } from '../checkpoint/hfExport.ts';

export function cardFactsFromRun(record: RunRecord): ModelCardFacts {
  const d = record.config.data;
  const data =
    d.kind === 'pretrain' ? `corpus ${d.corpus}` : `tasks ${d.tasks.join(', ')}${d.mixing ? ` (mixing ${JSON.stringify(d.mixing)})` : ''}`;
  const objective =
    d.kind === 'pretrain'
      ? `${d.objective}${d.density !== undefined ? `, corruption rate ${d.density}` : ''}${d.meanSpan !== undefined ? `, mean span ${d.meanSpan}` : ''}`
      : 'supervised (text-to-text tasks)';
  const last = record.history[record.history.length - 1];
  return { name: record.name, objective, data, steps: record.step, seed: record.config.seed, loss: last?.loss };
}
