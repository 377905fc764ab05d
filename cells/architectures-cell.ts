import { html, css, nothing } from 'lit';
import * as Plot from '@observablehq/plot';
import { T5Cell } from './t5-cell.ts';
import { defineCellKind } from './registry.ts';
import { ProgramMemo } from './program-memo.ts';
import { visiblePiece } from './token-chips.ts';
import { ExperimentProgress, formatFlops, formatNumber, paramsHash } from './experiment-progress.ts';
import { MASK_PATTERNS, maskCells, type MaskCell, type MaskPattern } from '../src/model/architecture.ts';
import {
  ARCHITECTURE_MODES,
  TINY_ARCHITECTURE_BUDGET,
  architectureArms,
  architectureExperiment,
  architectureRows,
  type ArchitectureArm,
  type ArchitectureBudget,
  type ArchitectureMode,
  type ArchitectureObjective,
  type ArchitectureRow,
} from '../src/experiments/architectureComparison.ts';
import { runExperiment } from '../src/experiments/queue.ts';
import { PAPER_BENCHMARKS, PAPER_BENCHMARK_METRICS, TABLE_2 } from '../src/paper/tables.ts';
import type { Tokenizer } from '../src/tokenizers/tokenizer.ts';
import { chipsOf } from '../src/tokenizers/tokenizerSummary.ts';
import { VALUE } from '../src/notebook/valueNames.ts';
import { FIGURE_SIZE, PALETTE, figureStyle } from '../src/plots/theme.ts';
import { withFigureData } from '../src/plots/figureRows.ts';
import type { CellProgram, Outputs, RunContext } from '../src/notebook/notebookRuntime.ts';
import { samplePredictionsOfRun } from '../src/experiments/runSamples.ts';
import type { RunRecord } from '../src/runs/runRecord.ts';
import { samplePredictionStyles, samplePredictionsTable, type ArmSamples } from './sample-predictions.ts';
import './figure-toolbar.ts';
import { ARCHITECTURE_COMPARISON_SCHEMA, parseCellParams, type ArchitectureComparisonParams } from '../src/experiments/cellParams.ts';

const PATTERN_LABEL: Readonly<Record<MaskPattern, string>> = {
  'fully-visible': 'Fully-visible (encoder)',
  causal: 'Causal (decoder, language model)',
  'causal-with-prefix': 'Causal with prefix (prefix LM)',
};

/** What the mask cell publishes: the tokens and every (pattern, query, key) cell it draws. */
export interface MaskView {
  tokens: string[];
  prefixLength: number;
  cells: MaskCell[];
}

const MASK_DEFAULTS = { inputText: 'Thank you for inviting me', targetText: 'to your party last week .', maxTokens: 24 };

/** Tokens of inputs ⧺ targets (eos dropped) with the input length as the prefix, at most `max`. */
export function maskTokens(
  tokenizer: Tokenizer,
  inputText: string,
  targetText: string,
  max: number,
): { tokens: string[]; prefixLength: number } {
  const ids = (text: string) => tokenizer.encode(text).filter((id) => id !== 1);
  const input = chipsOf(tokenizer, ids(inputText)).map((c) => visiblePiece(c.piece));
  const target = chipsOf(tokenizer, ids(targetText)).map((c) => visiblePiece(c.piece));
  const tokens = [...input, ...target].slice(0, max);
  return { tokens, prefixLength: Math.min(input.length, tokens.length) };
}

/**
 * The paper's Figure 3: the three self-attention mask patterns over a real tokenized input
 * (inputs then targets; the prefix is the inputs). Cells come from `maskCells`, i.e. from
 * `attentionMask`, the same function the decoder-only and prefix-LM models build their masks from.
 */
export class ArchitecturesCell extends T5Cell {
  readonly kind = 'architectures' as const;
  private readonly memo = new ProgramMemo();

  static override styles = [
    T5Cell.baseStyles,
    css`
      input[type='text'] {
        font: inherit;
        font-size: 13px;
        width: 22ch;
      }
      figcaption {
        font-size: 12px;
        color: #555;
        max-width: 80ch;
      }
    `,
  ];

  private get params() {
    return { ...MASK_DEFAULTS, ...(this.spec?.params ?? {}) } as typeof MASK_DEFAULTS;
  }

  override program(): CellProgram {
    const p = this.params;
    return this.memo.get(p, () => ({
      inputs: [VALUE.tokenizer],
      outputs: ['masks'],
      run: async (inputs: Outputs): Promise<Outputs> => {
        const { tokens, prefixLength } = maskTokens(inputs[VALUE.tokenizer] as Tokenizer, p.inputText, p.targetText, p.maxTokens);
        if (tokens.length === 0) throw new RangeError('inputText and targetText give no tokens');
        const cells = MASK_PATTERNS.flatMap((pattern) => maskCells(pattern, tokens, prefixLength));
        return { masks: { tokens, prefixLength, cells } satisfies MaskView };
      },
    }))!;
  }

  private figure(view: MaskView) {
    const n = view.tokens.length;
    const label = (i: number) => view.tokens[i] ?? '';
    // Each panel grows with the tokens (≈ 12 px a cell) so the labels stay readable.
    const size = Math.max(150, Math.min(290, n * 12));
    // Orange: what the prefix adds to a causal mask (a key to the right, inside the prefix).
    const shade = (c: MaskCell) =>
      !c.visible ? 'masked' : c.pattern === 'causal-with-prefix' && c.key > c.query ? 'visible (prefix, ahead)' : 'visible';
    const rows = view.cells.map((c) => ({ ...c, panel: PATTERN_LABEL[c.pattern], shade: shade(c) }));
    const plot = Plot.plot({
      ariaLabel: 'Attention mask patterns: fully visible, causal, causal with prefix',
      style: figureStyle,
      width: Math.max(FIGURE_SIZE.width, 3 * size + 150),
      height: size + 110,
      marginLeft: 70,
      marginBottom: 70,
      padding: 0,
      fx: { label: null, domain: MASK_PATTERNS.map((p) => PATTERN_LABEL[p]), padding: 0.12 },
      x: { label: 'key (attended to) →', domain: [...Array(n).keys()], tickFormat: label, tickRotate: -60 },
      y: { label: '↓ query (output position)', domain: [...Array(n).keys()], tickFormat: label },
      color: { domain: ['masked', 'visible', 'visible (prefix, ahead)'], range: ['#eceef1', PALETTE[0], PALETTE[1]], legend: true },
      marks: [
        Plot.cell(rows, {
          fx: 'panel',
          x: 'key',
          y: 'query',
          fill: 'shade',
          inset: 0.5,
          title: (d: MaskCell) => `${d.queryToken} → ${d.keyToken}: ${d.visible ? 'visible' : 'masked'}`,
        }),
      ],
    });
    return html`<figure data-figure="attention-masks">
      ${withFigureData(plot, view.cells as unknown as Record<string, unknown>[])}<t5-figure-toolbar></t5-figure-toolbar>
      <figcaption>
        Which keys each output position may attend to (dark = visible), as in the paper's Figure 3: an encoder is fully visible; a decoder
        or language model is causal; a prefix LM is fully visible over its prefix (the ${view.prefixLength} input tokens; orange: keys ahead
        of the query that only the prefix makes visible) and causal after it.
      </figcaption>
    </figure>`;
  }

  override render() {
    const p = this.params;
    const st = this.runState;
    const view = st?.outputs?.masks as MaskView | undefined;
    const text = (name: string, label: string, value: string) =>
      html`<label
        >${label}
        <input type="text" name=${name} .value=${value} @change=${(e: Event) => this.setParam(name, (e.target as HTMLInputElement).value)}
      /></label>`;
    return html`<div class="controls">
        ${text('inputText', 'inputs (prefix)', p.inputText)}${text('targetText', 'targets', p.targetText)}
        <label
          >max tokens
          <input
            type="number"
            name="maxTokens"
            min="2"
            max="40"
            .value=${String(p.maxTokens)}
            @change=${(e: Event) => {
              const v = Number((e.target as HTMLInputElement).value);
              if (Number.isInteger(v) && v >= 2 && v <= 40) this.setParam('maxTokens', v);
            }}
        /></label>
      </div>
      ${st?.status === 'error' ? html`<p class="error" role="alert">${st.error}</p>` : nothing}
      ${view ? html`<div class=${st?.stale ? 'stale' : ''}>${this.figure(view)}</div>` : nothing}`;
  }
}

/** What a finished architecture comparison shows. */
export interface ArchitectureComparisonView {
  mode: ArchitectureMode;
  budget: ArchitectureBudget;
  rows: ArchitectureRow[];
  seconds: number;
  /** A few decoded validation examples per arm (cells/sample-predictions.ts). */
  samples?: ArmSamples[];
}

/** Each arm's first validation examples, decoded by its trained model; a failure is shown, not thrown. */
async function armSamples(arms: readonly ArchitectureArm[], runs: ReadonlyMap<string, RunRecord>): Promise<ArmSamples[]> {
  const out: ArmSamples[] = [];
  for (const arm of arms) {
    const run = runs.get(arm.key);
    try {
      out.push({ key: arm.key, label: arm.label, samples: run ? await samplePredictionsOfRun(run, 3) : [] });
    } catch (err) {
      out.push({ key: arm.key, label: arm.label, samples: [], error: (err as Error).message });
    }
  }
  return out;
}

const COMPARISON_DEFAULTS = {
  mode: 'equal-compute' as ArchitectureMode,
  objectives: ['denoising'] as ArchitectureObjective[],
  steps: TINY_ARCHITECTURE_BUDGET.steps,
  layers: TINY_ARCHITECTURE_BUDGET.layers,
};

const MODE_LABEL: Readonly<Record<ArchitectureMode, string>> = {
  'equal-compute': 'equal compute (Table 2 rows of cost M)',
  'equal-parameters': 'equal parameters (Table 2 rows of size P)',
  all: 'all five architectures',
};

/**
 * Table 2 at browser scale: pre-trains each architecture of a mode for the same steps × batch ×
 * input length through the experiment queue (stored, resumable runs) and shows validation loss,
 * parameters and FLOPs from the model core beside the paper's Table 2 scores.
 */
export class ArchitectureComparisonCell extends T5Cell {
  readonly kind = 'architecture-comparison' as const;
  private readonly memo = new ProgramMemo();
  private readonly progress = new ExperimentProgress(() => this.requestUpdate());

  static override styles = [
    T5Cell.baseStyles,
    css`
      select {
        font: inherit;
        font-size: 13px;
      }
      .stale {
        opacity: 0.55;
      }
      .table-wrap {
        overflow-x: auto;
        margin: 10px 0;
      }
      table {
        border-collapse: collapse;
        font-size: 12.5px;
        font-variant-numeric: tabular-nums;
      }
      caption {
        text-align: left;
        font-size: 13px;
        padding: 4px 0 6px;
        color: #333;
      }
      th,
      td {
        padding: 3px 7px;
        text-align: right;
        border-bottom: 1px solid #f0f1f3;
      }
      th {
        font-weight: 600;
        color: #555;
        background: #fafbfc;
        border-bottom: 1px solid #ddd;
      }
      th:first-child,
      td:first-child {
        text-align: left;
        white-space: nowrap;
      }
      th.paper,
      td.paper {
        background: #f6f4ee;
        color: #5b5140;
      }
      .note {
        font-size: 12px;
        color: #555;
        max-width: 80ch;
      }
    `,
    samplePredictionStyles,
  ];

  /** Stored params parsed at the boundary (issue 11): a wrong-typed field is named, not fatal. */
  private get paramErrors(): string[] {
    return parseCellParams(this.spec?.params ?? {}, ARCHITECTURE_COMPARISON_SCHEMA, COMPARISON_DEFAULTS as ArchitectureComparisonParams)
      .messages;
  }

  private get params() {
    return parseCellParams(this.spec?.params ?? {}, ARCHITECTURE_COMPARISON_SCHEMA, COMPARISON_DEFAULTS as ArchitectureComparisonParams)
      .value as typeof COMPARISON_DEFAULTS;
  }

  override program(): CellProgram {
    const p = this.params;
    return this.memo.get(p, () => ({ inputs: [], outputs: [], lazy: true, run: (_inputs, ctx) => this.runComparison(p, ctx) }))!;
  }

  private async runComparison(p: typeof COMPARISON_DEFAULTS, ctx: RunContext) {
    const budget: ArchitectureBudget = { ...TINY_ARCHITECTURE_BUDGET, steps: p.steps, layers: p.layers };
    const arms = architectureArms(p.mode, p.objectives, p.layers);
    const experiment = architectureExperiment(
      `architectures-${ctx.cellId}-${paramsHash({ mode: p.mode, arms: arms.map((a) => a.key), budget })}`,
      arms,
      budget,
    );
    this.progress.begin(experiment.entries.length);
    const runs = await runExperiment(experiment, { signal: ctx.signal, onProgress: (e) => this.progress.update(e) });
    const seconds = this.progress.end() / 1000;
    const samples = await armSamples(arms, runs);
    return { view: { mode: p.mode, budget, rows: architectureRows(arms, runs), seconds, samples } satisfies ArchitectureComparisonView };
  }

  private table(view: ArchitectureComparisonView) {
    return html`<div class="table-wrap">
      <table data-architecture-table>
        <caption>
          <b>Architectures, ${MODE_LABEL[view.mode]}</b>
          — this run: ${view.budget.steps} steps of ${view.budget.batchSize} × ${view.budget.inputLength} input tokens, L =
          ${view.budget.layers} (${view.seconds.toFixed(0)} s). Shaded columns:
          <b>the paper's numbers</b>
          (${TABLE_2.source}; ${TABLE_2.note}), T5-base scale — compare rankings, not values.
        </caption>
        <thead>
          <tr>
            <th>architecture</th>
            <th>objective</th>
            <th>parameters</th>
            <th>training FLOPs</th>
            <th>train loss</th>
            <th>val loss</th>
            <th class="paper">paper params</th>
            <th class="paper">paper cost</th>
            ${PAPER_BENCHMARKS.map((b) => html`<th class="paper" title=${`paper: ${PAPER_BENCHMARK_METRICS[b]}`}>paper ${b}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${view.rows.map((r) => {
            const key = r.paperRow.key as { params: string; cost: string };
            return html`<tr data-arm=${r.key}>
              <td>${r.label}</td>
              <td>${r.objective}</td>
              <td>${r.params.toLocaleString('en-US')}</td>
              <td>${formatFlops(r.flops)}</td>
              <td>${formatNumber(r.loss)}</td>
              <td data-val-loss>${formatNumber(r.valLoss)}</td>
              <td class="paper">${key.params}</td>
              <td class="paper">${key.cost}</td>
              ${PAPER_BENCHMARKS.map((b) => html`<td class="paper">${r.paperRow.scores[b].toFixed(2)}</td>`)}
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  private toggleObjective(o: ArchitectureObjective, on: boolean) {
    const now = new Set(this.params.objectives);
    if (on) now.add(o);
    else now.delete(o);
    if (now.size > 0)
      this.setParam(
        'objectives',
        (['denoising', 'lm'] as const).filter((x) => now.has(x)),
      );
  }

  override render() {
    const p = this.params;
    const st = this.runState;
    const view = st?.outputs?.view as ArchitectureComparisonView | undefined;
    const running = st?.status === 'running';
    return html`<div class="controls">
        <label
          >compare at
          <select name="mode" @change=${(e: Event) => this.setParam('mode', (e.target as HTMLSelectElement).value)}>
            ${ARCHITECTURE_MODES.map((m) => html`<option value=${m} ?selected=${m === p.mode}>${MODE_LABEL[m]}</option>`)}
          </select></label
        >
        ${(['denoising', 'lm'] as const).map((o) => html`<label><input type="checkbox" name=${`objective-${o}`} .checked=${p.objectives.includes(o)} @change=${(e: Event) => this.toggleObjective(o, (e.target as HTMLInputElement).checked)} /> ${o === 'lm' ? 'LM objective' : 'denoising objective'}</label>`)}
        <label
          >steps
          <input
            type="number"
            name="steps"
            min="1"
            .value=${String(p.steps)}
            @change=${(e: Event) => {
              const v = Number((e.target as HTMLInputElement).value);
              if (Number.isInteger(v) && v >= 1) this.setParam('steps', v);
            }}
        /></label>
      </div>
      ${this.paramErrors.length ? html`<p class="error" role="alert" data-param-errors>${this.paramErrors.join('; ')} — using the default instead.</p>` : nothing}
      <p class="note">
        Budget: every architecture trains the same steps × batch × input length on the same data. Decoder-only models read inputs ⧺ targets
        and are scored on the targets only, so validation losses compare within an objective. Runs are queued in a worker and stored.
      </p>
      ${this.progress.render(running)} ${st?.status === 'error' ? html`<p class="error" role="alert">${st.error}</p>` : nothing}
      ${view ? html`<div class=${st?.stale || running ? 'stale' : ''}>${this.table(view)}${samplePredictionsTable(view.samples ?? [])}</div>` : nothing}`;
  }
}

defineCellKind(
  {
    kind: 'architectures',
    tag: 't5-architectures-cell',
    label: 'Attention masks',
    description: "The fully-visible, causal and prefix-LM attention masks over a tokenized input (the paper's Figure 3)",
    defaultParams: () => ({ ...MASK_DEFAULTS }),
  },
  ArchitecturesCell,
);

defineCellKind(
  {
    kind: 'architecture-comparison',
    tag: 't5-architecture-comparison-cell',
    label: 'Architecture comparison',
    description: "Train encoder-decoder, shared, decoder-only and prefix-LM models under one budget beside the paper's Table 2",
    defaultParams: () => ({ ...COMPARISON_DEFAULTS, objectives: [...COMPARISON_DEFAULTS.objectives] }),
    lazy: true,
  },
  ArchitectureComparisonCell,
);
