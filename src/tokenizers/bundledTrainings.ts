/**
 * Tokenizer trainings shipped with t5lab, so a first visit does not wait for them (issue 10
 * item 14). The tour's tokenizer cell trains a 2,048-piece unigram model on the factbook corpus
 * plus five tasks' examples: about 9 s on a 2-core machine before anything downstream can run.
 * The trainer is deterministic, so `scripts/build-bundled-tokenizers.ts` runs that same training
 * ahead of time and stores its result as a trained-tokenizer cache record
 * (src/tokenizers/bundled/<key>.json). The cell looks a training's key up there when its own
 * cache has nothing; the key hashes every document and option, so a bundled record only ever
 * answers exactly the training it came from, and it is checked like any cache entry.
 * `test/node/tokenizers/bundledTrainings.test.ts` trains again and compares, so a changed
 * trainer or corpus cannot leave a stale record behind.
 */
import type { UnigramTrainOptions } from './unigramTrainer.ts';
import { bundledTaskTextSources, withTaskText } from './taskTrainingText.ts';
import { trainedTokenizerKey } from './trainedTokenizerCache.ts';
import type { TaskExample } from '../data/parseDataset.ts';

export interface BundledTraining {
  /** What it is for, for people (the build script prints it). */
  purpose: string;
  corpus: string;
  tasks: readonly string[];
  options: UnigramTrainOptions;
}

/** The trainings whose results ship in src/tokenizers/bundled/. */
export const BUNDLED_TRAININGS: readonly BundledTraining[] = Object.freeze([
  {
    purpose: "the tour notebook's tokenizer cell (cells/shell/default-notebook.ts)",
    corpus: 'pretrain_factbook',
    tasks: ['sentiment', 'define', 'translate_en_de', 'qa_factbook', 'cloze_factbook'],
    options: { vocabSize: 2048, numSentinels: 100 },
  },
]);

type Loaded = { kind: string; documents?: readonly string[]; examples?: readonly TaskExample[] };

/** The documents the tokenizer cell trains on for `training`, and their cache key. */
export async function bundledTrainingDocuments(
  training: BundledTraining,
  load: (name: string) => Promise<Loaded>,
  prefixOf: (name: string) => string,
): Promise<{ documents: readonly string[]; key: string }> {
  const corpus = await load(training.corpus);
  if (corpus.kind !== 'corpus' || !corpus.documents) throw new Error(`${training.corpus} is not a bundled corpus`);
  const tasks = await bundledTaskTextSources(training.tasks, load, prefixOf);
  const documents = withTaskText(corpus.documents, tasks);
  return { documents, key: trainedTokenizerKey(documents, training.options) };
}

/** The file name a bundled record is stored under. */
export const bundledRecordFile = (key: string): string => `${key}.json`;
