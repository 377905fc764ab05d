import * as tf from '@tensorflow/tfjs';
import type { HfFolderSummary } from '../../src/checkpoint/hfFolder.ts';
import { modelFromWeightValues } from '../../src/checkpoint/hfCheckpoint.ts';
import { parseHfFilesOffThread } from '../../src/checkpoint/hfParse.ts';
import { tokenizerFromFile } from '../../src/tokenizers/tokenizerFile.ts';
import { HfCheckpointStore } from '../../src/storage/hfCheckpointStore.ts';
import { VALUE } from '../../src/notebook/valueNames.ts';
import type { T5Model } from '../../src/model/t5Model.ts';
import type { CellProgram, Outputs } from '../../src/notebook/notebookRuntime.ts';

/** What the model cell shows about an imported checkpoint (every number read from the files). */
export interface HfModelView {
  source: 'hf';
  name: string;
  summary: HfFolderSummary;
  bytes: number;
  parameters: number;
  loadMs: number;
  backend: string;
}

/**
 * The model cell's program when it uses a stored checkpoint: reads the files back from
 * IndexedDB, checks and decodes them again in a worker (hfParse.ts) and builds the model from
 * the weights it returns (only the tf tensors are made on the page). Publishes
 * what a built model publishes, plus the checkpoint's own tokenizer as `modelTokenizer`.
 */
export function hfCheckpointProgram(id: string, dbName?: string): CellProgram {
  return {
    inputs: [],
    outputs: [VALUE.modelConfig, VALUE.model, VALUE.modelTokenizer],
    run: async (): Promise<Outputs> => {
      const t0 = performance.now();
      const stored = await new HfCheckpointStore(dbName).loadBlobs(id);
      if (!stored) throw new Error(`the imported checkpoint ${id} is no longer stored in this browser; open its files again`);
      const reading = await parseHfFilesOffThread(stored.files, { weights: true });
      const tokenizer = reading.tokenizerFile ? tokenizerFromFile(reading.tokenizerFile.bytes) : undefined;
      await tf.ready();
      const model = modelFromWeightValues(reading.config, reading.weights!);
      const view: HfModelView = {
        source: 'hf',
        name: stored.record.name,
        summary: reading.summary,
        bytes: stored.record.bytes,
        parameters: reading.summary.params,
        loadMs: performance.now() - t0,
        backend: tf.getBackend(),
      };
      return { [VALUE.modelConfig]: reading.config, [VALUE.model]: model, [VALUE.modelTokenizer]: tokenizer, view };
    },
    dispose: (outputs: Outputs) => (outputs[VALUE.model] as T5Model | undefined)?.dispose(),
  };
}
