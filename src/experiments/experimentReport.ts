/**
 * An experiment's result as one JSON document (the shape `t5lab experiment --json` prints and the
 * cells render): per arm the per-seed values, their mean and Student-t 95% interval; per
 * non-baseline arm the difference against the baseline with its paired interval and a verdict;
 * and, where the paper ran both arms, the paper's difference (GLUE) and whether ours agrees.
 * Every claim is gated by the interval: `agrees` is true/false only when the verdict is outside
 * the noise, null otherwise.
 */
import type { ExperimentBudget } from './budgets.ts';
import type { ArmMeasurement, ExperimentPlan } from './seededPlans.ts';
import { compareArms, summarize, type Verdict } from './statistics.ts';

export interface ReportRow {
  key: string;
  label: string;
  /** values[i] belongs to seeds[i]; null where that seed has not finished. */
  values: (number | null)[];
  mean: number | null;
  ci95: [number, number] | null;
  /** Sample standard deviation over seeds (null with fewer than 2). */
  sd: number | null;
  pretrain_val_loss: { values: (number | null)[]; mean: number | null };
  /** The fine-tuned model's validation loss on the task per seed (objective comparisons), with its interval. */
  finetune_val_loss?: { values: (number | null)[]; mean: number | null; ci95: [number, number] | null };
  /** Mean training FLOPs of the arm per seed. */
  flops: number;
  paper: { table: number; label: string; scores: Record<string, number> } | null;
  /** Parameters the arm's fine-tuning trained, and the model's total (fine-tuning strategies). */
  trained_parameters?: number;
  parameters?: number;
  /** Mean over seeds of how often the pre-training data was seen (Tables 8–9). */
  repeats?: number;
}

export interface ReportComparison {
  a: string;
  b: string;
  /** mean(a) − mean(b). */
  diff: number;
  ci95: [number, number] | null;
  verdict: Verdict;
  method: 'paired' | 'welch' | 'none';
  /** The paper's GLUE score of a − b, where it ran both. */
  paper_diff: number | null;
  /** Our verdict agrees with the paper's direction (null: within noise, or no paper numbers). */
  agrees: boolean | null;
}

/** A cell's own budget (multi-task, architectures, scaling): its fields as the cell ran them, with a name. */
export type CellBudget = { name: string; description: string } & Record<string, unknown>;

export interface ExperimentReport {
  preset: string;
  title: string;
  budget: ExperimentBudget | CellBudget;
  seeds: number[];
  metric: string;
  lower_is_better: boolean;
  baseline: string;
  backend?: string;
  rows: ReportRow[];
  comparisons: ReportComparison[];
  /** The same comparisons on the fine-tuned validation loss (lower is better), where arms have one. */
  finetune_val_loss_comparisons?: Omit<ReportComparison, 'paper_diff' | 'agrees'>[];
  /**
   * The paper's whole table beside the arms, labelled as the paper's (T5-Base scale, GLUE…
   * scores), where the preset has one: t5lab computed none of these numbers.
   */
  paper_table?: { table: number; title: string; source: string; note?: string; rows: { label: string; scores: Record<string, number> }[] };
}

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
const orNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** The report from each seed's measurements (a seed missing from `perSeed` is not finished). */
export function experimentReport(
  plan: ExperimentPlan,
  budget: ExperimentBudget | CellBudget,
  seeds: readonly number[],
  perSeed: ReadonlyMap<number, ReadonlyMap<string, ArmMeasurement>>,
  backend?: string,
): ExperimentReport {
  const cell = (seed: number, key: string) => perSeed.get(seed)?.get(key);
  const rows: ReportRow[] = plan.arms.map((arm) => {
    const values = seeds.map((s) => {
      const v = cell(s, arm.key)?.value;
      return finite(v) ? v : null;
    });
    const pre = seeds.map((s) => {
      const v = cell(s, arm.key)?.pretrainValLoss;
      return finite(v) ? v : null;
    });
    const done = values.filter(finite);
    const st = summarize(done);
    const preDone = pre.filter(finite);
    const flops = seeds.map((s) => cell(s, arm.key)?.flops).filter(finite);
    const ftLoss = seeds.map((s) => {
      const v = cell(s, arm.key)?.finetuneValLoss;
      return finite(v) ? v : null;
    });
    const ftDone = ftLoss.filter(finite);
    const ftSummary = summarize(ftDone);
    const mean = (pick: (m: ArmMeasurement) => number | null | undefined): number | undefined => {
      const v = seeds.map((s) => {
        const m = cell(s, arm.key);
        return m ? pick(m) : undefined;
      });
      const ok = v.filter(finite);
      return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : undefined;
    };
    const trained = mean((m) => m.trainedParameters);
    const parameters = mean((m) => m.parameters);
    const repeats = mean((m) => m.repeats);
    return {
      key: arm.key,
      label: arm.label,
      values,
      mean: done.length ? st.mean : null,
      ci95: st.ci95,
      sd: done.length > 1 ? st.sd : null,
      pretrain_val_loss: { values: pre, mean: preDone.length ? preDone.reduce((a, b) => a + b, 0) / preDone.length : null },
      ...(ftDone.length ? { finetune_val_loss: { values: ftLoss, mean: ftSummary.mean, ci95: ftSummary.ci95 } } : {}),
      flops: flops.length ? flops.reduce((a, b) => a + b, 0) / flops.length : 0,
      paper: arm.paper,
      ...(trained !== undefined ? { trained_parameters: trained } : {}),
      ...(parameters !== undefined ? { parameters } : {}),
      ...(repeats !== undefined ? { repeats } : {}),
    };
  });
  const base = rows.find((r) => r.key === plan.baseline);
  const comparisons: ReportComparison[] = [];
  if (base) {
    for (const row of rows) {
      if (row === base) continue;
      // Pair by seed: only seeds both arms finished.
      const both = seeds.map((s, i) => [s, row.values[i], base.values[i]] as const).filter(([, a, b]) => finite(a) && finite(b));
      if (both.length === 0) continue;
      const c = compareArms(
        both.map(([, a]) => a as number),
        both.map(([, , b]) => b as number),
        { lowerIsBetter: plan.lowerIsBetter },
      );
      const pa = row.paper?.scores.GLUE;
      const pb = base.paper?.scores.GLUE;
      const paperDiff = finite(pa) && finite(pb) ? pa - pb : null;
      // The paper's numbers are scores (higher is better) even where our metric is a loss.
      const paperVerdict: Verdict | null = paperDiff === null ? null : paperDiff > 0 ? 'better' : paperDiff < 0 ? 'worse' : 'within noise';
      comparisons.push({
        a: row.key,
        b: base.key,
        diff: c.diff,
        ci95: c.ci95,
        verdict: c.verdict,
        method: c.method,
        paper_diff: paperDiff === null ? null : orNull(Math.round(paperDiff * 100) / 100),
        agrees: paperVerdict === null || c.verdict === 'within noise' ? null : c.verdict === paperVerdict,
      });
    }
  }
  const lossComparisons: NonNullable<ExperimentReport['finetune_val_loss_comparisons']> = [];
  const baseLoss = base?.finetune_val_loss;
  if (base && baseLoss) {
    for (const row of rows) {
      if (row === base || !row.finetune_val_loss) continue;
      const both = seeds
        .map((_, i) => [row.finetune_val_loss!.values[i], baseLoss.values[i]] as const)
        .filter(([a, b]) => finite(a) && finite(b));
      if (both.length === 0) continue;
      const c = compareArms(
        both.map(([a]) => a as number),
        both.map(([, b]) => b as number),
        { lowerIsBetter: true },
      );
      lossComparisons.push({ a: row.key, b: base.key, diff: c.diff, ci95: c.ci95, verdict: c.verdict, method: c.method });
    }
  }
  return {
    preset: plan.preset,
    title: plan.title,
    budget,
    seeds: [...seeds],
    metric: plan.metric,
    lower_is_better: plan.lowerIsBetter,
    baseline: plan.baseline,
    ...(backend ? { backend } : {}),
    rows,
    comparisons,
    ...(lossComparisons.length ? { finetune_val_loss_comparisons: lossComparisons } : {}),
    ...(plan.paperTable
      ? {
          paper_table: {
            table: plan.paperTable.table,
            title: plan.paperTable.title,
            source: plan.paperTable.source,
            ...(plan.paperTable.note ? { note: plan.paperTable.note } : {}),
            rows: plan.paperTable.rows.map((r) => ({ label: r.label, scores: { ...r.scores } })),
          },
        }
      : {}),
  };
}

/** Plain-text table of a report (the CLI without --json, and the notebook's summary text). */
export function reportText(r: ExperimentReport): string {
  const fmt = (v: number | null, d = 3) => (v === null ? '—' : v.toFixed(d));
  const lines = [
    `${r.title}: ${r.metric} (${r.lower_is_better ? 'lower' : 'higher'} is better), budget ${r.budget.name}, seeds ${r.seeds.join(', ')}`,
  ];
  for (const row of r.rows) {
    const ci = row.ci95 ? `[${fmt(row.ci95[0])}, ${fmt(row.ci95[1])}]` : r.seeds.length === 1 ? 'one seed: no interval' : 'no interval';
    const extra = [
      row.trained_parameters !== undefined
        ? `trained ${Math.round(row.trained_parameters).toLocaleString('en-US')} of ${Math.round(row.parameters ?? NaN).toLocaleString('en-US')} params`
        : '',
      row.repeats !== undefined ? `data seen ${row.repeats.toFixed(2)}×` : '',
      // FLOPs beside the fine-tuning / data facts (other presets print theirs elsewhere).
      (row.trained_parameters !== undefined || row.repeats !== undefined) && row.flops ? `${row.flops.toExponential(2)} FLOPs` : '',
    ].filter(Boolean);
    lines.push(
      `  ${row.label.padEnd(34)} ${fmt(row.mean)}  95% CI ${ci}  per seed ${row.values.map((v) => fmt(v)).join(' ')}${extra.length ? `  (${extra.join(', ')})` : ''}${row.paper ? `  paper GLUE ${row.paper.scores.GLUE}` : ''}`,
    );
  }
  if (r.paper_table) {
    lines.push(`  The paper's Table ${r.paper_table.table} (${r.paper_table.title}; T5-Base, not computed here), GLUE / SuperGLUE:`);
    for (const p of r.paper_table.rows) lines.push(`    ${p.label.padEnd(32)} ${p.scores.GLUE} / ${p.scores.SGLUE}`);
  }
  for (const c of r.comparisons) {
    const ci = c.ci95 ? `[${fmt(c.ci95[0])}, ${fmt(c.ci95[1])}]` : 'no interval';
    const paper =
      c.paper_diff === null
        ? ''
        : `; paper ${c.paper_diff > 0 ? '+' : ''}${c.paper_diff} GLUE${c.agrees === null ? '' : c.agrees ? ' (agrees)' : ' (disagrees)'}`;
    lines.push(`  ${c.a} − ${c.b}: ${c.diff >= 0 ? '+' : ''}${fmt(c.diff)} ${ci} → ${c.verdict}${paper}`);
  }
  if (r.finetune_val_loss_comparisons?.length) {
    lines.push('  fine-tuned validation loss (nats/target token, lower is better):');
    for (const row of r.rows)
      if (row.finetune_val_loss)
        lines.push(
          `    ${row.label.padEnd(32)} ${fmt(row.finetune_val_loss.mean)}  95% CI ${row.finetune_val_loss.ci95 ? `[${fmt(row.finetune_val_loss.ci95[0])}, ${fmt(row.finetune_val_loss.ci95[1])}]` : 'no interval'}`,
        );
    for (const c of r.finetune_val_loss_comparisons)
      lines.push(
        `    ${c.a} − ${c.b}: ${c.diff >= 0 ? '+' : ''}${fmt(c.diff)} ${c.ci95 ? `[${fmt(c.ci95[0])}, ${fmt(c.ci95[1])}]` : 'no interval'} → ${c.verdict}`,
      );
  }
  return lines.join('\n');
}
