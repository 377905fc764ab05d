/**
 * The one mapping from t5lab's objectives to the t5 library's seqio preprocessors
 * (t5.data.preprocessors), used to write a T5X recipe's tasks.py and the table in docs/RECIPES.md.
 * Each i.i.d. objective is written as an explicit `denoise(...)` with the inputs_fn/targets_fn of
 * its paper row (spec §B.3–B.5), so the mapping can be read off the generated code.
 */
import type { ObjectiveName } from '../objectives/objectives.ts';

export interface SeqioObjective {
  /** The preprocessor call, with `{density}` and `{span}` standing for the run's values. */
  call: string;
  /** Whether documents are concatenated and split (select_random_chunk → split_tokens_to_inputs_length) first. */
  concatenate: boolean;
  /** Why the mapping is what it is (shown in the docs table). */
  note: string;
}

const iid = (inputsFn: string, targetsFn: string) =>
  `functools.partial(preprocessors.denoise, noise_density={density}, noise_mask_fn=preprocessors.iid_noise_mask, inputs_fn=${inputsFn}, targets_fn=${targetsFn})`;

/** t5lab objective → t5 preprocessor; undefined where the library has no equivalent. */
export const SEQIO_OBJECTIVES: Readonly<Record<ObjectiveName, SeqioObjective | undefined>> = Object.freeze({
  span_corruption: {
    call: 'functools.partial(preprocessors.span_corruption, noise_density={density}, mean_noise_span_length={span})',
    concatenate: true,
    note: 'random_spans_noise_mask + noise_span_to_unique_sentinel / nonnoise_span_to_unique_sentinel; lengths from random_spans_helper',
  },
  iid_replace_spans: {
    call: iid('preprocessors.noise_span_to_unique_sentinel', 'preprocessors.nonnoise_span_to_unique_sentinel'),
    concatenate: true,
    note: "Table 4 'replace corrupted spans' (iid_15_u_u.gin)",
  },
  iid_drop: {
    call: iid('preprocessors.drop_noise_tokens', 'preprocessors.drop_nonnoise_tokens'),
    concatenate: true,
    note: "Table 4 'drop corrupted tokens' (iid_15_d_d.gin)",
  },
  bert: {
    call: iid('functools.partial(preprocessors.noise_token_to_random_token_or_sentinel, random_prob=0.1)', 'None'),
    concatenate: true,
    note: 'Table 3 BERT-style as T5 ran it: 90 % mask, 10 % random token, no unchanged branch (iid_15_r10s90_f.gin)',
  },
  mass: {
    call: iid('preprocessors.noise_token_to_sentinel', 'None'),
    concatenate: true,
    note: 'Table 4 MASS-style: every noise token → the mask id (iid_15_m_f.gin)',
  },
  deshuffle: {
    call: iid('preprocessors.permute_noise_tokens', 'None'),
    concatenate: false,
    note: 'Table 3 deshuffling: all tokens permuted (density 1, all_permute.gin)',
  },
  prefix_lm: {
    call: 'functools.partial(preprocessors.prefix_lm, noise_density={density})',
    concatenate: false,
    note: 'Table 3 prefix LM: random split point, prefix → inputs, rest → targets',
  },
  bert_80_10_10: undefined,
});

/** The preprocessor call of `objective` with the run's density and mean span filled in. */
export function seqioObjectiveCall(objective: ObjectiveName, density: number, meanSpan: number): string | undefined {
  const m = SEQIO_OBJECTIVES[objective];
  return m?.call.replaceAll('{density}', pythonNumber(density)).replaceAll('{span}', pythonNumber(meanSpan));
}

/** A number as Python source (1 → 1.0 for float arguments, so gin and seqio see floats). */
export function pythonNumber(x: number): string {
  if (x === Infinity) return 'float("inf")';
  const s = String(x);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

/** The docs table (Markdown): t5lab name → seqio/t5 function and arguments. */
export function seqioMappingTable(): string {
  const rows = Object.entries(SEQIO_OBJECTIVES).map(([name, m]) =>
    m
      ? `| \`${name}\` | \`${m.call.replaceAll('{density}', 'DENSITY').replaceAll('{span}', 'MEAN_SPAN')}\` | ${m.concatenate ? 'yes' : 'no'} | ${m.note} |`
      : `| \`${name}\` | none (the T5 library has no 80/10/10 encoder) | — | export with \`--target hf\` |`,
  );
  return ['| t5lab objective | t5 / seqio preprocessor | concatenate + split | notes |', '|---|---|---|---|', ...rows].join('\n');
}
