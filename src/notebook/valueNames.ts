/**
 * The names cells publish and read by default, so independently written cells connect in a new
 * notebook without wiring. A cell may let the user rename its outputs (params.outputs) when a
 * notebook needs two of a kind (e.g. two models to compare).
 *
 * | name        | published by           | value                                                   |
 * |-------------|------------------------|---------------------------------------------------------|
 * | corpus      | dataset cell (corpus)  | { name, documents: string[] }                          |
 * | task        | dataset cell (task)    | { name, prefix, train: Example[], validation: Example[] } |
 * | tokenizer   | tokenizer cell         | a `Tokenizer` (src/tokenizers/tokenizer.ts)             |
 * | modelConfig | model cell             | a validated `T5Config`                                 |
 * | model       | model cell             | a `T5Model` built from modelConfig + the notebook seed  |
 * | modelTokenizer | model cell          | the tokenizer that belongs to `model`: an imported checkpoint's own, else the linked tokenizer (or undefined) |
 * | run         | train cell             | the run record of the last training (src/training)      |
 * | trainedModel| train cell             | the trained `T5Model`                                   |
 * | runs        | runs cell              | the selected run records                                |
 * | mixingRates | mixing cell            | { strategy, rates: Record<task, number> }               |
 * | seed        | the notebook itself    | the notebook's seed (an integer)                        |
 */
export const VALUE = {
  corpus: 'corpus',
  task: 'task',
  tokenizer: 'tokenizer',
  modelConfig: 'modelConfig',
  model: 'model',
  modelTokenizer: 'modelTokenizer',
  run: 'run',
  trainedModel: 'trainedModel',
  runs: 'runs',
  mixingRates: 'mixingRates',
  seed: 'seed',
} as const;
