/**
 * The 23 tasks the T5 paper mixes in its multi-task experiments (§3.5.2), with their training-set
 * sizes (spec §C.3). The GLUE/SuperGLUE counts are the t5 library's `GLUE_WEIGHT_MAPPING` /
 * `SUPER_GLUE_WEIGHT_MAPPING` (post-preprocessing counts); the others come from the dataset cards.
 * Data only; the rates come from ./mixingRates.ts.
 */

export type PaperTaskGroup = 'glue' | 'superglue' | 'squad' | 'cnndm' | 'wmt' | 'c4';

export interface PaperTask {
  /** Short name used as the rate key (spec §C.4 row names). */
  name: string;
  /** Human label for plots and tables. */
  label: string;
  /** The t5 library's task name, where it has one. */
  t5Name: string;
  group: PaperTaskGroup;
  /** Training examples (the un-normalised rate before capping). */
  trainExamples: number;
  /** Where the count comes from; `verified: false` marks a count the spec could not confirm. */
  source: string;
  verified: boolean;
}

const glue = (name: string, label: string, t5Name: string, n: number): PaperTask => ({
  name,
  label,
  t5Name,
  group: 'glue',
  trainExamples: n,
  source: 't5 GLUE_WEIGHT_MAPPING',
  verified: true,
});
const sglue = (name: string, label: string, t5Name: string, n: number): PaperTask => ({
  name,
  label,
  t5Name,
  group: 'superglue',
  trainExamples: n,
  source: 't5 SUPER_GLUE_WEIGHT_MAPPING',
  verified: true,
});

/** The paper's 23 mixed tasks in the order of spec §C.3/§C.4. */
export const PAPER_TASKS: readonly PaperTask[] = Object.freeze([
  glue('glue_cola', 'GLUE CoLA', 'glue_cola_v002', 8_551),
  glue('glue_sst2', 'GLUE SST-2', 'glue_sst2_v002', 67_349),
  glue('glue_mrpc', 'GLUE MRPC', 'glue_mrpc_v002', 3_668),
  glue('glue_qqp', 'GLUE QQP', 'glue_qqp_v002', 363_849),
  glue('glue_stsb', 'GLUE STS-B', 'glue_stsb_v002', 5_749),
  glue('glue_mnli', 'GLUE MNLI', 'glue_mnli_v002', 392_702),
  glue('glue_qnli', 'GLUE QNLI', 'glue_qnli_v002', 104_743),
  glue('glue_rte', 'GLUE RTE', 'glue_rte_v002', 2_490),
  sglue('sglue_boolq', 'SuperGLUE BoolQ', 'super_glue_boolq_v102', 9_427),
  sglue('sglue_cb', 'SuperGLUE CB', 'super_glue_cb_v102', 250),
  sglue('sglue_copa', 'SuperGLUE COPA', 'super_glue_copa_v102', 400),
  sglue('sglue_multirc', 'SuperGLUE MultiRC', 'super_glue_multirc_v102', 27_243),
  sglue('sglue_record', 'SuperGLUE ReCoRD', 'super_glue_record_v102', 138_854),
  sglue('sglue_rte', 'SuperGLUE RTE', 'super_glue_rte_v102', 2_490),
  sglue('sglue_wic', 'SuperGLUE WiC', 'super_glue_wic_v102', 5_428),
  sglue('wsc_simple', 'WSC (simple)', 'super_glue_wsc_v102_simple_train', 259),
  sglue('dpr_simple', 'DPR (simple)', 'dpr_v001_simple', 1_322),
  {
    name: 'squad',
    label: 'SQuAD v1.1',
    t5Name: 'squad_v010_allanswers',
    group: 'squad',
    trainExamples: 87_599,
    source: 'HF squad dataset card',
    verified: true,
  },
  {
    name: 'cnn_dailymail',
    label: 'CNN/Daily Mail',
    t5Name: 'cnn_dailymail_v002',
    group: 'cnndm',
    trainExamples: 287_113,
    source: 'TFDS/HF cnn_dailymail 3.0.0 card',
    verified: true,
  },
  {
    name: 'wmt_ende',
    label: 'WMT En-De',
    t5Name: 'wmt_t2t_ende_v003',
    group: 'wmt',
    trainExamples: 4_592_289,
    source: 'HF wmt_t2t card',
    verified: true,
  },
  // Exact count unverified (≈ 40.8–40.9 M); it is capped at K for every K the paper uses, so the rates do not depend on it.
  {
    name: 'wmt_enfr',
    label: 'WMT En-Fr',
    t5Name: 'wmt15_enfr_v003',
    group: 'wmt',
    trainExamples: 40_853_298,
    source: 'HF wmt15 fr-en (approximate)',
    verified: false,
  },
  {
    name: 'wmt_enro',
    label: 'WMT En-Ro',
    t5Name: 'wmt16_enro_v003',
    group: 'wmt',
    trainExamples: 610_320,
    source: 'HF wmt16 card',
    verified: true,
  },
  {
    name: 'c4',
    label: 'C4 (unsupervised)',
    t5Name: 'c4_v020_unsupervised',
    group: 'c4',
    trainExamples: 364_868_892,
    source: 'HF c4 en card (documents)',
    verified: true,
  },
]);

/** The paper's tasks as a `{name: trainExamples}` map for the rate functions. */
export function paperTaskSizes(): Record<string, number> {
  return Object.fromEntries(PAPER_TASKS.map((t) => [t.name, t.trainExamples]));
}

/** Names of the paper's tasks in one group (e.g. to sum GLUE's rates). */
export function paperTaskNames(group?: PaperTaskGroup): string[] {
  return PAPER_TASKS.filter((t) => group === undefined || t.group === group).map((t) => t.name);
}

/** The settings of the paper's Table 11, as strategies, in its row order. */
export const PAPER_MIXING_SETTINGS = Object.freeze({
  proportionalK: [2 ** 16, 2 ** 17, 2 ** 18, 2 ** 19, 2 ** 20, 2 ** 21] as readonly number[],
  temperatureT: [2, 4, 8] as readonly number[],
  temperatureK: 2 ** 21,
});
