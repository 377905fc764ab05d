import { html, nothing } from 'lit';
import { T5Cell } from '../widgets/t5-cell.ts';
import { experimentCellStyles, experimentTableStyles } from '../widgets/experiment-table-styles.ts';
import { defineCellKind } from '../shell/registry.ts';
import { ProgramMemo } from '../widgets/program-memo.ts';
import { ExperimentProgress, pausedNote, formatFlops, paramsHash } from '../widgets/experiment-progress.ts';
import { estimateText, reportFigure, reportTable, runSeededPlan } from '../widgets/experiment-report.ts';
import { paperTableView } from '../widgets/experiment-paper-table.ts';
import { notebookUseControls } from '../widgets/notebook-use.ts';
import type { CellProgram, RunContext } from '../../src/notebook/notebookRuntime.ts';
import { BUDGET_NAMES, namedBudget, type ExperimentBudget } from '../../src/experiments/budgets.ts';
import { experimentPlan, type ExperimentPlan } from '../../src/experiments/presets.ts';
import type { ExperimentReport } from '../../src/experiments/experimentReport.ts';
import { notebookCorpusArm, type CorpusArm } from '../../src/experiments/pretrainingData.ts';
import {
  followedInputs,
  modelSource,
  resolveModel,
  resolveSeed,
  resolveTokenizer,
  seedSource,
  tokenizerSource,
  withTokenizer,
  type FollowedTokenizer,
  type TokenizerSource,
} from '../../src/experiments/notebookValues.ts';
import type { ModelSource, SeedSource } from '../../src/experiments/notebookValues.ts';
import { seedRange } from '../../src/experiments/seededPlans.ts';
import { intIn, oneOf, parseFields, positiveInt, string, type Schema } from '../../src/validation/checks.ts';
import { bundledTasks } from '../../src/tasks/bundledTasks.ts';
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

interface StudyParams {
  study: Study;
  budget: string;
  seeds: number;
  pretrainSteps: number | null;
  finetuneSteps: number | null;
  task: string;
  /** A notebook value name holding a corpus (`{name, source?}`) to add as a Table 8 arm; '' for none. */
  corpusFrom: string;
  seed: SeedSource;
  model: ModelSource;
  /** Every run's tokenizer: the notebook's, or bytes (the budget's). */
  tokenizer: TokenizerSource;
}

const DEFAULTS: StudyParams = {
  study: 'finetuning-strategies',
  budget: 'tiny',
  seeds: 3,
  pretrainSteps: null,
  finetuneSteps: null,
  task: '',
  corpusFrom: '',
  seed: 'notebook',
  model: 'budget',
  tokenizer: 'bytes',
};

const stepsOrNull = (v: unknown, l: string) => (v === null ? null : positiveInt(v, l));
/** Stored parameters are untrusted (imported notebooks): each field is checked, a bad one is named in the cell. */
const SCHEMA: Schema<StudyParams> = {
  study: { label: 'study', check: (v, l) => oneOf(v, l, STUDIES) },
  budget: { label: 'budget', check: (v, l) => oneOf(v, l, BUDGET_NAMES) },
  seeds: { label: 'seeds', check: (v, l) => intIn(v, l, 1, 20) },
  pretrainSteps: { label: 'pre-training steps', check: stepsOrNull },
  finetuneSteps: { label: 'fine-tuning steps', check: stepsOrNull },
  task: { label: 'task', check: (v, l) => (v === '' ? '' : oneOf(v, l, Object.keys(bundledTasks))) },
  corpusFrom: { label: 'also pre-train on', check: (v, l) => (v === '' ? '' : string(v, l, { nonEmpty: true })) },
  seed: { label: 'seed', check: seedSource },
  model: { label: 'model', check: modelSource },
  tokenizer: { label: 'tokenizer', check: tokenizerSource },
};

/** How often data was seen: 2 decimals, or 2 significant digits below 0.1 (a big corpus at a tiny budget). */
const timesText = (v: number) => (v >= 0.1 ? v.toFixed(2) : v.toPrecision(2));

function cellBudget(p: StudyParams, model?: Partial<T5Config>): ExperimentBudget {
  const b = namedBudget(p.budget);
  return {
    ...b,
    ...(model ? { model } : {}),
    pretrainSteps: p.pretrainSteps ?? b.pretrainSteps,
    finetuneSteps: p.finetuneSteps ?? b.finetuneSteps,
    task: p.task || b.task,
  };
}

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
export class PaperStudyCell extends T5Cell {
  readonly kind = 'paper-study' as const;
  private readonly memo = new ProgramMemo();
  private readonly progress = new ExperimentProgress(() => this.requestUpdate());
  private notebookModel: Partial<T5Config> | undefined;
  /** The notebook's tokenizer as last read, when followed (shown in the form). */
  private notebookTokenizer: FollowedTokenizer | undefined;
  /** The followed corpus's arm as last read (so the estimate before a run counts it). */
  private followedArm: CorpusArm | undefined;
  private firstSeed = 1;

  static override styles = [T5Cell.baseStyles, experimentTableStyles, experimentCellStyles];

  private get parsed() {
    return parseFields(this.spec?.params ?? {}, SCHEMA, DEFAULTS);
  }

  private get params(): StudyParams {
    return this.parsed.value;
  }

  /** The corpus value is read only by the Table 8 study, and only when one is named. */
  private inputsOf(p: StudyParams): string[] {
    return [...followedInputs(p), ...(p.study === 'pretraining-data' && p.corpusFrom ? [p.corpusFrom] : [])];
  }

  override program(): CellProgram {
    const p = this.params;
    return this.memo.get(p, () => ({
      inputs: this.inputsOf(p),
      outputs: [],
      lazy: true,
      run: (inputs, ctx) => this.runStudy(p, inputs, ctx),
    }))!;
  }

  private plan(
    p: StudyParams,
    model: Partial<T5Config> | undefined,
    followed: CorpusArm | undefined,
    tokenizer: FollowedTokenizer | undefined,
  ): ExperimentPlan {
    return withTokenizer(experimentPlan(p.study, cellBudget(p, model), { corpora: followed ? [followed] : [] }), tokenizer);
  }

  private async runStudy(p: StudyParams, inputs: Record<string, unknown>, ctx: RunContext) {
    const model = p.model === 'notebook' ? resolveModel(p.model, namedBudget(p.budget).model, inputs) : undefined;
    this.notebookModel = model;
    const tokenizer = resolveTokenizer(p.tokenizer, inputs);
    this.notebookTokenizer = tokenizer;
    this.firstSeed = resolveSeed(p.seed, inputs);
    let followed: CorpusArm | undefined;
    if (p.study === 'pretraining-data' && p.corpusFrom) {
      const value = inputs[p.corpusFrom] as { name: string; source?: string } | undefined;
      if (!value || typeof value !== 'object')
        throw new Error(`also pre-train on: the notebook value "${p.corpusFrom}" is not a corpus (no cell publishes one under that name)`);
      followed = notebookCorpusArm(value);
    }
    this.followedArm = followed;
    const budget = cellBudget(p, model);
    const plan = this.plan(p, model, followed, tokenizer);
    const seeds = seedRange(this.firstSeed, p.seeds);
    // The id follows the study and the budget, not the seeds or the followed corpus: adding a seed,
    // or switching the C4 cell between cleaned and unfiltered, keeps every finished run (each corpus
    // arm's key carries a hash of its corpus, so a new corpus is new runs, never a reused one). A
    // followed tokenizer is part of the id: every arm depends on it.
    const id = `paper-study-${ctx.cellId}-${paramsHash({ study: p.study, budget, ...(tokenizer ? { tokenizer: tokenizer.fingerprint } : {}) })}`;
    this.progress.begin(seeds.length * plan.entries(seeds[0]).length);
    const { report } = await runSeededPlan(plan, seeds, id, { signal: ctx.signal, onProgress: (e) => this.progress.update(e), budget });
    const view: StudyView = { study: p.study, report, seconds: this.progress.end() / 1000 };
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

  private selectStudy(id: string) {
    this.setParam('study', id);
  }

  private setNumber(name: string, e: Event) {
    const v = Number((e.target as HTMLInputElement).value);
    if (Number.isInteger(v) && v >= 1) this.setParam(name, v);
  }

  override render() {
    const { errors } = this.parsed;
    const p = this.params;
    const st = this.runState;
    const view = st?.outputs?.view as StudyView | undefined;
    const running = st?.status === 'running';
    const budget = cellBudget(p);
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
    const usesTask = p.study !== 'repetition';
    return html`<div class="controls">
        <label
          >study
          <select name="study" @change=${(e: Event) => this.selectStudy((e.target as HTMLSelectElement).value)}>
            ${STUDIES.map((id) => html`<option value=${id} ?selected=${id === p.study}>${STUDY_LABELS[id]}</option>`)}
          </select></label
        >
        <label
          >budget
          <select name="budget" @change=${(e: Event) => this.setParam('budget', (e.target as HTMLSelectElement).value)}>
            ${BUDGET_NAMES.map((b) => html`<option value=${b} ?selected=${b === p.budget}>${b}</option>`)}
          </select></label
        >
        <label
          >seeds
          <input type="number" name="seeds" min="1" max="20" .value=${String(p.seeds)} @change=${(e: Event) => this.setNumber('seeds', e)}
        /></label>
        ${notebookUseControls(p, (n, v) => this.setParam(n, v), {
          offerModel: true,
          notebookModel: this.notebookModel,
          notebookTokenizer: this.notebookTokenizer,
        })}
        <label
          >pre-training steps
          <input
            type="number"
            name="pretrainSteps"
            min="1"
            .value=${String(budget.pretrainSteps)}
            @change=${(e: Event) => this.setNumber('pretrainSteps', e)}
        /></label>
        ${
          usesTask
            ? html`<label
                >fine-tuning steps
                <input
                  type="number"
                  name="finetuneSteps"
                  min="1"
                  .value=${String(budget.finetuneSteps)}
                  @change=${(e: Event) => this.setNumber('finetuneSteps', e)}
              /></label>
              <label
                >task
                <select name="task" @change=${(e: Event) => this.setParam('task', (e.target as HTMLSelectElement).value)}>
                  ${Object.keys(bundledTasks).map((t) => html`<option value=${t} ?selected=${t === budget.task}>${t}</option>`)}
                </select></label
              >`
            : nothing
        }
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
      ${errors.length ? html`<p class="error" role="alert" data-param-errors>${errors.map((e) => e.message).join('; ')} — using the default instead.</p>` : nothing}
      ${planError ? html`<p class="error" role="alert">${planError}</p>` : nothing}
      <p class="note">
        Budget <code>${budget.name}</code>: ${budget.description} ${STUDY_NOTES[p.study]} Each arm runs over ${p.seeds}
        seed${p.seeds === 1 ? '' : 's'}.
      </p>
      ${plan && !running ? estimateText(plan, seeds) : nothing} ${this.progress.render(running, () => this.requestAction('interrupt'))}
      ${pausedNote(st?.error, () => this.requestAction('run'))}
      ${st?.status === 'error' ? html`<p class="error" role="alert">${st.error}</p>` : nothing}
      ${
        st?.stale && view
          ? html`<p class="note" data-stale>These results are from before a change above; they are kept until you run the cell again.</p>`
          : nothing
      }
      ${
        view
          ? html`<div class=${st?.stale || running ? 'stale' : ''}>
            ${reportTable(view.report)}${reportFigure(view.report, 'paper-study-seeds')}${this.factsTable(view)}${paperTableView(view.report)}
          </div>`
          : nothing
      }`;
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
