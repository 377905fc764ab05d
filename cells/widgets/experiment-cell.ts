import { html, nothing, type TemplateResult } from 'lit';
import { T5Cell } from './t5-cell.ts';
import { ProgramMemo } from './program-memo.ts';
import { ExperimentProgress, isPaused, pausedNote } from './experiment-progress.ts';
import { runSeededPlan } from './experiment-report.ts';
import { notebookUseControls } from './notebook-use.ts';
import type { CellProgram, RunContext } from '../../src/notebook/notebookRuntime.ts';
import type { ExperimentPlan } from '../../src/experiments/presets.ts';
import type { Schema } from '../../src/validation/checks.ts';
import { parseCellParams } from '../../src/validation/cellParams.ts';
import { seedRange } from '../../src/experiments/seededPlans.ts';
import {
  followedInputs,
  resolveModel,
  resolveSeed,
  resolveTokenizer,
  type FollowedTokenizer,
  type NotebookUse,
} from '../../src/experiments/notebookValues.ts';
import type { T5Config } from '../../src/model/config.ts';
import { BUDGET_NAMES, type ExperimentBudget } from '../../src/experiments/budgets.ts';
import type { BudgetedParams } from '../../src/experiments/cellParams.ts';
import { bundledTasks } from '../../src/tasks/bundledTasks.ts';

/** What every experiment cell's params have: the seed count and what it follows from the notebook. */
export interface ExperimentCellParams extends NotebookUse {
  /** Seeds per arm (first … first + N − 1); 1 when absent. */
  seeds?: number;
}

/** What {@link ExperimentCell.follow} read from the notebook for one run. */
export interface FollowedValues {
  /** The notebook's model shape when followed, else the budget's. */
  model: Partial<T5Config>;
  tokenizer: FollowedTokenizer | undefined;
  /** first … first + seeds − 1. */
  seeds: number[];
}

/** The largest seed count a cell's form accepts (the schemas check the same range). */
const MAX_SEEDS = 20;

/**
 * Base class of the cells that run a seeded experiment plan through the queue (objective
 * comparison, paper studies, architectures, multi-task mixing, scaling): stored params parsed
 * against the cell's schema (a bad field is named in the cell, not fatal), a lazy program that
 * follows the notebook's seed, model and tokenizer when asked, the run with its progress, and the
 * parts of the view every such cell shows the same way: seed and step inputs, the notebook
 * controls, Pause / Resume, errors and stale results. A subclass says what it runs
 * ({@link runExperiment}) and how its results look.
 */
export abstract class ExperimentCell<P extends ExperimentCellParams> extends T5Cell {
  protected readonly memo = new ProgramMemo();
  protected readonly progress = new ExperimentProgress(() => this.requestUpdate());
  /** The notebook's model shape as last read, when followed (shown in the form). */
  protected notebookModel: Partial<T5Config> | undefined;
  /** The notebook's tokenizer as last read, when followed (shown in the form, used by estimates). */
  protected notebookTokenizer: FollowedTokenizer | undefined;
  /** The first seed of the last run (the notebook's when followed). */
  protected firstSeed = 1;

  /** How stored params are checked (labels are the form's). */
  protected abstract get schema(): Schema<P>;
  /** A fresh copy is used where a stored field is missing or wrong. */
  protected abstract get defaults(): P;

  /** Runs the experiment for `p` and returns the cell's outputs (`{ view }`). */
  protected abstract runExperiment(p: P, inputs: Record<string, unknown>, ctx: RunContext): Promise<Record<string, unknown>>;

  private get parsed() {
    return parseCellParams(this.spec?.params ?? {}, this.schema, this.defaults);
  }

  /** The checked params. */
  protected get params(): P {
    return this.parsed.value;
  }

  /** One sentence per stored field that was wrong (each names its label). */
  protected get paramErrors(): string[] {
    return this.parsed.messages;
  }

  /** The notebook values a run with `p` reads: a cell with its own seed and the budget's model reads none. */
  protected inputsOf(p: P): string[] {
    return followedInputs(p);
  }

  override program(): CellProgram {
    const p = this.params;
    return this.memo.get(p, () => ({
      inputs: this.inputsOf(p),
      outputs: [],
      lazy: true,
      run: (inputs, ctx) => this.runExperiment(p, inputs, ctx),
    }))!;
  }

  /** The model, tokenizer and seeds a run uses, remembering what the form shows of them. */
  protected follow(p: P, inputs: Record<string, unknown>, budgetModel: Partial<T5Config>): FollowedValues {
    const model = resolveModel(p.model, budgetModel, inputs);
    this.notebookModel = p.model === 'notebook' ? model : undefined;
    const tokenizer = resolveTokenizer(p.tokenizer, inputs);
    this.notebookTokenizer = tokenizer;
    this.firstSeed = resolveSeed(p.seed, inputs);
    return { model, tokenizer, seeds: seedRange(this.firstSeed, p.seeds ?? 1) };
  }

  /**
   * Runs every seed's entries of `plan` as experiment `id` (stored, resumable) while the progress
   * line follows it. `budget` is what the report says the runs used.
   */
  protected async runPlan(
    plan: ExperimentPlan,
    seeds: number[],
    id: string,
    budget: Parameters<typeof runSeededPlan>[3]['budget'],
    ctx: RunContext,
  ): Promise<Awaited<ReturnType<typeof runSeededPlan>> & { seconds: number }> {
    this.progress.begin(seeds.length * plan.entries(seeds[0]).length);
    const result = await this.progress.settling(
      runSeededPlan(plan, seeds, id, { signal: ctx.signal, onProgress: (e) => this.progress.update(e), budget }),
    );
    return { ...result, seconds: this.progress.end() / 1000 };
  }

  /** A whole-number input that sets param `name` to values in [1, max]; other values are ignored. */
  protected countInput(label: string, name: string, value: number, max?: number): TemplateResult {
    return html`<label
      >${label}
      <input
        type="number"
        name=${name}
        min="1"
        max=${max ?? nothing}
        .value=${String(value)}
        @change=${(e: Event) => {
          const v = Number((e.target as HTMLInputElement).value);
          if (Number.isInteger(v) && v >= 1 && (max === undefined || v <= max)) this.setParam(name, v);
        }}
    /></label>`;
  }

  /** The seeds input and the notebook's seed / model / tokenizer choices. */
  protected seedControls(p: P): TemplateResult {
    return html`${this.countInput('seeds', 'seeds', p.seeds ?? 1, MAX_SEEDS)}
    ${notebookUseControls(p, (n, v) => this.setParam(n, v), {
      offerModel: true,
      notebookModel: this.notebookModel,
      notebookTokenizer: this.notebookTokenizer,
    })}`;
  }

  /**
   * The named budget's controls: budget, seeds and the notebook's choices, the steps, and (when
   * the experiment fine-tunes) the task. `budget` is the budget as run, overrides applied.
   */
  protected budgetControls(p: BudgetedParams & P, budget: ExperimentBudget, finetunes: boolean): TemplateResult {
    return html`<label
        >budget
        <select name="budget" @change=${(e: Event) => this.setParam('budget', (e.target as HTMLSelectElement).value)}>
          ${BUDGET_NAMES.map((b) => html`<option value=${b} ?selected=${b === p.budget}>${b}</option>`)}
        </select></label
      >
      ${this.seedControls(p)} ${this.countInput('pre-training steps', 'pretrainSteps', budget.pretrainSteps)}
      ${
        finetunes
          ? html`${this.countInput('fine-tuning steps', 'finetuneSteps', budget.finetuneSteps)}
            <label
              >task
              <select name="task" @change=${(e: Event) => this.setParam('task', (e.target as HTMLSelectElement).value)}>
                ${Object.keys(bundledTasks).map((t) => html`<option value=${t} ?selected=${t === budget.task}>${t}</option>`)}
              </select></label
            >`
          : nothing
      }`;
  }

  /** The stored params' errors, shown under the form. */
  protected paramErrorsNote(): TemplateResult | typeof nothing {
    const errors = this.paramErrors;
    return errors.length
      ? html`<p class="error" role="alert" data-param-errors>${errors.join('; ')} — using the default instead.</p>`
      : nothing;
  }

  /**
   * Progress with Pause, the paused note with Resume (a pause is not shown as an error), the run's
   * error, and `results` (of the last finished run, when there is one) dimmed and marked while a
   * change above made them stale or a new run is going.
   */
  protected runStatus(results: (() => unknown) | undefined): TemplateResult {
    const st = this.runState;
    const running = st?.status === 'running';
    const paused = st?.status === 'error' && isPaused(st.error);
    return html`${this.progress.render(running, () => this.requestAction('interrupt'), paused)}
    ${pausedNote(st?.error, () => this.requestAction('run'), this.progress.stopping)}
    ${st?.status === 'error' && !paused ? html`<p class="error" role="alert">${st.error}</p>` : nothing}
    ${
      st?.stale && results
        ? html`<p class="note" data-stale>These results are from before a change above; they are kept until you run the cell again.</p>`
        : nothing
    }
    ${results ? html`<div class=${st?.stale || running ? 'stale' : ''}>${results()}</div>` : nothing}`;
  }
}
