/**
 * Schema of the tokenizer cell's stored parameters. Types are checked here (a string where a
 * number goes falls back to the default, named by its label); ranges stay with
 * `vocabSizeError`/`extraIdsError`, which explain what the tokenizer needs.
 */
import { bundledTasks } from '../tasks/bundledTasks.ts';
import { arrayOf, finiteNumber, oneOf, string, type Schema } from '../validation/checks.ts';
import { parseCellParams } from '../validation/cellParams.ts';

export interface TokenizerCellParams {
  type: 'unigram' | 'byte' | 'hf';
  vocabSize: number;
  extraIds: number;
  trainOnTasks: string[];
  sample?: string;
  hfId: string;
  hfName: string;
}

export const TOKENIZER_SCHEMA: Schema<TokenizerCellParams> = {
  type: { label: 'tokenizer', check: (v, l) => oneOf(v, l, ['unigram', 'byte', 'hf'] as const) },
  vocabSize: { label: 'vocab_size', check: finiteNumber },
  extraIds: { label: 'extra ids', check: finiteNumber },
  trainOnTasks: {
    label: "also train on the tasks' examples",
    check: (v, l) => arrayOf(v, l, (x, n) => oneOf(x, n, Object.keys(bundledTasks))),
  },
  sample: { label: 'sample text', check: (v, l) => string(v, l) },
  hfId: { label: 'tokenizer.json', check: (v, l) => string(v, l) },
  hfName: { label: 'tokenizer.json', check: (v, l) => string(v, l) },
};

/** The tokenizer cell's params, checked, over `defaults` (vocab size, sentinels). */
export function tokenizerCellParams(raw: unknown, defaults: Omit<TokenizerCellParams, 'sample'>) {
  return parseCellParams<TokenizerCellParams>(raw, TOKENIZER_SCHEMA, defaults);
}
