import { html, nothing } from 'lit';
import { T5Cell } from '../widgets/t5-cell.ts';
import { ExperimentCell } from '../widgets/experiment-cell.ts';
import { experimentCellStyles, experimentTableStyles } from '../widgets/experiment-table-styles.ts';
import { defineCellKind } from '../shell/registry.ts';
import { formatFlops, paramsHash } from '../widgets/experiment-progress.ts';
import { estimateText, reportFigure, reportTable } from '../widgets/experiment-report.ts';
import { paperTableView } from '../widgets/experiment-paper-table.ts';
import type { RunContext } from '../../src/notebook/notebookRuntime.ts';
import { namedBudget } from '../../src/experiments/budgets.ts';
import { experimentPlan, type ExperimentPlan } from '../../src/experiments/presets.ts';
import type { ExperimentReport } from '../../src/experiments/experimentReport.ts';
import { notebookCorpusArm, type CorpusArm } from '../../src/experiments/pretrainingData.ts';
import { withTokenizer, type FollowedTokenizer } from '../../src/experiments/notebookValues.ts';
import { BUDGETED_DEFAULTS, BUDGETED_SCHEMA, budgetOfParams, type BudgetedParams } from '../../src/experiments/cellParams.ts';
import { seedRange } from '../../src/experiments/seededPlans.ts';
import { oneOf, string, type Schema } from '../../src/validation/checks.ts';
import type { T5Config } from '../../src/model/config.ts';

/** The paper's fine-tuning and pre-training-data studies this kind runs (src/experiments/paperStudyPlans.ts). */
const STUDIES = ['finetuning-strategies', 'pretraining-data', 'repetition'] as const;
type Study = (typeof STUDIES)[number];

const STUDY_LABELS: Record<Study, string> = {
  'finetuning-strategies': 'Fine-tuning strategies (Table 10)',
  'pretraining-data': 'Pre-training data set (Table 8)',
  repetition: 'Repeated pre-training data (Table 9)',
};

/** What each study holds fixed and varies, shown above the run. */
const STUDY_NOTES: Record<Study, string> = {
  'finetuning-strategies':
    'One model is pre-trained with span corruption, then fine-tuned on the task once per strategy: all parameters, adapter layers of width d after every feed-forward block (only adapters and layer norms train), and gradual unfreezing (one more block of each stack from the top every k steps). Every arm has the same fine-tuning steps; the parameters it trained and its FLOPs differ and are shown.',
  'pretraining-data':
    'The same model is pre-trained for the same steps on each corpus (the bundled ones, plus the corpus this cell follows, e.g. the C4 cell’s cleaned or unfiltered pages), then fine-tuned on the task. Smaller corpora are repeated more often; the “data seen” column says how often. Each pre-training validation loss is on its own corpus’s held-out text, so those losses do not compare across arms; the fine-tuned task metric does.',
  repetition:
    'The same pre-training steps over the whole corpus and over 1/2^k slices of its training documents, sized so the data is seen about 1, 4, 16 and 64 times (slices under one document are dropped). Scored by the validation loss on the whole corpus’s held-out text, lower is better.',
};

interface StudyParams extends BudgetedParams {
  study: Study;
  /** A notebook value name holding a corpus (`{name, source?}`) to add as a Table 8 arm; '' for none. */
  corpusFrom: string;
}

const DEFAULTS: StudyParams = { ...BUDGETED_DEFAULTS, study: 'finetuning-strategies', corpusFrom: '' };

/** Stored parameters are untrusted (imported notebooks): each field is checked, a bad one is named in the cell. */
const SCHEMA: Schema<StudyParams> = {
  ...BUDGETED_SCHEMA,
  study: { label: 'study', check: (v, l) => oneOf(v, l, STUDIES) },
  corpusFrom: { label: 'also pre-train on', check: (v, l) => (v === '' ? '' : string(v, l, { nonEmpty: true })) },
};

/** How often data was seen: 2 decimals, or 2 significant digits below 0.1 (a big corpus at a tiny budget). */
const timesText = (v: number) => (v >= 0.1 ? v.toFixed(2) : v.toPrecision(2));

/** What a finished study shows. */
export interface StudyView {
  study: Study;
  report: ExperimentReport;
  seconds: number;
}

/**
 * The paper's remaining studies as seeded experiments (src/experiments/paperStudyPlans.ts):
 * fine-tuning strategies (§3.5.1, Table 10), which pre-training corpus (§3.4.1, Table 8) and how
 * much repetition hurts (§3.4.2, Table 9). Every arm runs over N seeds through the experiment
 * queue (stored, resumable, finished runs never re-run); the report gives per-seed values,
 * Student-t intervals, verdicts against the baseline and the paper's whole table beside ours.
 * Table 8 can follow a notebook corpus (the C4 cell's `c4Corpus`): it becomes one more arm, and
 * switching that corpus re-runs only its arm (the bundled arms' runs are kept).
 */
export class PaperStudyCell extends ExperimentCell<StudyParams> {
  readonly kind = 'paper-study' as const;
  /** The followed corpus's arm as last read (so the estimate before a run counts it). */
  private followedArm: CorpusArm | undefined;

  static override styles = [T5Cell.baseStyles, experimentTableStyles, experimentCellStyles];

  protected get schema() {
    return SCHEMA;
  }

  protected get defaults() {
    return DEFAULTS;
  }

  /** The corpus value is read only by the Table 8 study, and only when one is named. */
  protected override inputsOf(p: StudyParams): string[] {
    return [...super.inputsOf(p), ...(p.study === 'pretraining-data' && p.corpusFrom ? [p.corpusFrom] : [])];
  }

  private plan(
    p: StudyParams,
    model: Partial<T5Config> | undefined,
    followed: CorpusArm | undefined,
    tokenizer: FollowedTokenizer | undefined,
  ): ExperimentPlan {
    return withTokenizer(experimentPlan(p.study, budgetOfParams(p, model), { corpora: followed ? [followed] : [] }), tokenizer);
  }

  protected async runExperiment(p: StudyParams, inputs: Record<string, unknown>, ctx: RunContext) {
    const followedValues = this.follow(p, inputs, namedBudget(p.budget).model);
    const { tokenizer, seeds } = followedValues;
    const model = p.model === 'notebook' ? followedValues.model : undefined;
    let followed: CorpusArm | undefined;
    if (p.study === 'pretraining-data' && p.corpusFrom) {
      const value = inputs[p.corpusFrom] as { name: string; source?: string } | undefined;
      if (!value || typeof value !== 'object')
        throw new Error(`also pre-train on: the notebook value "${p.corpusFrom}" is not a corpus (no cell publishes one under that name)`);
      followed = notebookCorpusArm(value);
    }
    this.followedArm = followed;
    const budget = budgetOfParams(p, model);
    const plan = this.plan(p, model, followed, tokenizer);
    // The id follows the study and the budget, not the seeds or the followed corpus: adding a seed,
    // or switching the C4 cell between cleaned and unfiltered, keeps every finished run (each corpus
    // arm's key carries a hash of its corpus, so a new corpus is new runs, never a reused one). A
    // followed tokenizer is part of the id: every arm depends on it.
    const id = `paper-study-${ctx.cellId}-${paramsHash({ study: p.study, budget, ...(tokenizer ? { tokenizer: tokenizer.fingerprint } : {}) })}`;
    const { report, seconds } = await this.runPlan(plan, seeds, id, budget, ctx);
    const view: StudyView = { study: p.study, report, seconds };
    return { view };
  }

  /** Per arm: parameters trained (Table 10), data seen (Tables 8–9) and training FLOPs, as means over seeds. */
  private factsTable(view: StudyView) {
    const r = view.report;
    const trained = r.rows.some((x) => x.trained_parameters !== undefined);
    const repeats = r.rows.some((x) => x.repeats !== undefined);
    const int = (v: number | undefined) => (v === undefined ? '—' : Math.round(v).toLocaleString('en-US'));
    return html`<div class="table-wrap">
      <table data-facts-table>
        <caption>
          What each arm cost, mean over seeds ${r.seeds.join(', ')} (${view.seconds.toFixed(0)} s in all).
          ${trained ? 'Trained: the parameters that got gradients (gradual unfreezing: by the last step).' : nothing}
          ${repeats ? 'Data seen: tokens trained on ÷ tokens of the (sliced) corpus.' : nothing}
        </caption>
        <thead>
          <tr>
            <th>arm</th>
            ${trained ? html`<th>trained parameters</th><th>of all</th><th>share</th>` : nothing}
            ${repeats ? html`<th>data seen</th>` : nothing}
            <th>training FLOPs</th>
          </tr>
        </thead>
        <tbody>
          ${r.rows.map(
            (row) =>
              html`<tr data-arm=${row.key}>
                <td>${row.label}</td>
                ${
                  trained
                    ? html`<td data-trained>${int(row.trained_parameters)}</td>
                      <td>${int(row.parameters)}</td>
                      <td>
                        ${
                          row.trained_parameters !== undefined && row.parameters
                            ? `${((100 * row.trained_parameters) / row.parameters).toFixed(1)}%`
                            : '—'
                        }
                      </td>`
                    : nothing
                }
                ${repeats ? html`<td data-repeats>${row.repeats === undefined ? '—' : `${timesText(row.repeats)}×`}</td>` : nothing}
                <td>${formatFlops(row.flops)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  override render() {
    const p = this.params;
    const view = this.runState?.outputs?.view as StudyView | undefined;
    const running = this.runState?.status === 'running';
    const budget = budgetOfParams(p);
    let plan: ExperimentPlan | undefined;
    let planError = '';
    try {
      plan = this.plan(
        p,
        p.model === 'notebook' ? this.notebookModel : undefined,
        p.study === 'pretraining-data' ? this.followedArm : undefined,
        p.tokenizer === 'notebook' ? this.notebookTokenizer : undefined,
      );
    } catch (err) {
      planError = (err as Error).message;
    }
    const seeds = seedRange(p.seed === 'notebook' ? this.firstSeed : p.seed, p.seeds);
    return html`<div class="controls">
        <label
          >study
          <select name="study" @change=${(e: Event) => this.setParam('study', (e.target as HTMLSelectElement).value)}>
            ${STUDIES.map((id) => html`<option value=${id} ?selected=${id === p.study}>${STUDY_LABELS[id]}</option>`)}
          </select></label
        >
        ${this.budgetControls(p, budget, p.study !== 'repetition')}
        ${
          p.study === 'pretraining-data'
            ? html`<label
              >also pre-train on
              <input
                type="text"
                name="corpusFrom"
                placeholder="a notebook value, e.g. c4Corpus"
                .value=${p.corpusFrom}
                @change=${(e: Event) => this.setParam('corpusFrom', (e.target as HTMLInputElement).value.trim())}
            /></label>`
            : nothing
        }
      </div>
      ${this.paramErrorsNote()} ${planError ? html`<p class="error" role="alert">${planError}</p>` : nothing}
      <p class="note">
        Budget <code>${budget.name}</code>: ${budget.description} ${STUDY_NOTES[p.study]} Each arm runs over ${p.seeds}
        seed${p.seeds === 1 ? '' : 's'}.
      </p>
      ${plan && !running ? estimateText(plan, seeds) : nothing}
      ${this.runStatus(
        view
          ? () =>
              html`${reportTable(view.report)}${reportFigure(view.report, 'paper-study-seeds')}${this.factsTable(view)}${paperTableView(view.report)}`
          : undefined,
      )}`;
  }
}

defineCellKind(
  {
    kind: 'paper-study',
    order: 115,
    tag: 't5-paper-study-cell',
    label: 'Fine-tuning and data studies',
    description:
      "Fine-tuning strategies (Table 10), pre-training corpora (Table 8) and repetition (Table 9) over seeds, beside the paper's numbers",
    defaultParams: () => structuredClone(DEFAULTS) as unknown as Record<string, unknown>,
    lazy: true,
  },
  PaperStudyCell,
);
