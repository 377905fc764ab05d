/**
 * The plans of the paper's remaining studies (presets.ts): fine-tuning strategies (Table 10),
 * pre-training data set (Table 8) and repetition (Table 9). Each pre-trains (and fine-tunes)
 * the budget's model per arm and seed like the other presets; the experiment modules
 * (finetuningStrategies.ts, pretrainingData.ts) build the entries and rows.
 */
import type { T5Config } from '../model/config.ts';
import { bundledDatasets } from '../data/bundled.ts';
import { TABLE_10, TABLE_8, TABLE_9, type PaperTable } from '../paper/tables.ts';
import type { ExperimentBudget } from './budgets.ts';
import { finetuneArms, finetuneEntries, finetuneLayers, finetuneRows } from './finetuningStrategies.ts';
import { corpusArms, corpusEntries, dataRows, repetitionArms, repetitionEntries, table8Row, type CorpusArm } from './pretrainingData.ts';
import { paperOf, runsOfSeed, taskMetricKey, withSeed, type ExperimentPlan } from './plan.ts';

const dataBudget = (budget: ExperimentBudget, seed: number, model: Partial<T5Config> = budget.model) => ({
  model,
  corpus: budget.corpus,
  task: budget.task,
  pretrainSteps: budget.pretrainSteps,
  finetuneSteps: budget.finetuneSteps,
  batchSize: budget.batchSize,
  inputLength: budget.inputLength,
  targetLength: budget.targetLength,
  learningRate: budget.learningRate,
  evalExamples: budget.evalExamples,
  seed,
});

/** Table 10: one pre-training, then full / adapters d = 32…2048 / gradual unfreezing fine-tuning from it. */
export function finetuningPlan(budget: ExperimentBudget): ExperimentPlan {
  const layers = finetuneLayers(budget.model);
  const model = { ...budget.model, numLayers: layers, numDecoderLayers: layers };
  const arms = finetuneArms(budget.finetuneSteps, layers);
  const metric = taskMetricKey(budget.task);
  return {
    preset: 'finetuning-strategies',
    title: `Fine-tuning strategies (Table 10), ${layers} blocks per stack`,
    metric,
    lowerIsBetter: false,
    baseline: 'full',
    arms: arms.map((a) => ({ key: a.key, label: a.label, paper: paperOf(10, a.paperRow) })),
    paperTable: TABLE_10 as PaperTable<unknown>,
    entries: (seed) => withSeed(finetuneEntries(arms, dataBudget(budget, seed, model)), seed),
    measure(seed, all) {
      const rows = finetuneRows(arms, runsOfSeed(all, seed));
      return new Map(
        rows.map((r) => [
          r.key,
          {
            value: r.metrics[metric] ?? NaN,
            pretrainValLoss: r.pretrainValLoss,
            flops: r.flops,
            finetuneValLoss: r.finetuneValLoss,
            trainedParameters: r.trainedParameters,
            parameters: r.parameters,
          },
        ]),
      );
    },
  };
}

/** Table 8: pre-train on each corpus (bundled, plus any given: the user's, a cleaned one), fine-tune each. */
export function pretrainingDataPlan(budget: ExperimentBudget, extra: readonly CorpusArm[]): ExperimentPlan {
  const arms = corpusArms(extra);
  const metric = taskMetricKey(budget.task);
  return {
    preset: 'pretraining-data',
    title: 'Pre-training data set (Table 8)',
    metric,
    lowerIsBetter: false,
    baseline: arms.find((a) => a.corpus === budget.corpus)?.key ?? arms[0].key,
    arms: arms.map((a) => ({ key: a.key, label: a.label, paper: paperOf(8, table8Row(a.paperLabel)) })),
    paperTable: TABLE_8 as PaperTable<unknown>,
    entries: (seed) => withSeed(corpusEntries(arms, dataBudget(budget, seed)), seed),
    measure(seed, all) {
      const rows = dataRows(arms, runsOfSeed(all, seed));
      return new Map(
        rows.map((r) => [
          r.key,
          {
            value: r.metrics[metric] ?? NaN,
            pretrainValLoss: r.pretrainValLoss,
            flops: r.flops,
            finetuneValLoss: r.finetuneValLoss,
            repeats: r.repeats,
          },
        ]),
      );
    },
  };
}

/** Table 9: the same pre-training steps over 1/2^k slices of the corpus; scored by held-out loss. */
export function repetitionPlan(budget: ExperimentBudget): ExperimentPlan {
  // Bundled corpora have a known size, so the slices can be sized to make 1, 4, 16, 64 repeats.
  const known = bundledDatasets().find((d) => d.name === budget.corpus && d.kind === 'corpus');
  const tokens = budget.pretrainSteps * budget.batchSize * budget.inputLength;
  const arms = repetitionArms(known ? { tokens, corpusTokens: known.bytes, documents: known.examples } : undefined);
  return {
    preset: 'repetition',
    title: `Repeated pre-training data (Table 9), ${budget.corpus}`,
    metric: 'pretrain/val_loss',
    lowerIsBetter: true,
    baseline: 'full',
    arms: arms.map((a) => ({ key: a.key, label: a.label, paper: paperOf(9, a.paperRow) })),
    paperTable: TABLE_9 as PaperTable<unknown>,
    entries: (seed) => withSeed(repetitionEntries(arms, dataBudget(budget, seed)), seed),
    measure(seed, all) {
      const rows = dataRows(arms, runsOfSeed(all, seed));
      return new Map(
        rows.map((r) => [r.key, { value: r.pretrainValLoss, pretrainValLoss: r.pretrainValLoss, flops: r.flops, repeats: r.repeats }]),
      );
    },
  };
}
