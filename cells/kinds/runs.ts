// Over 400 lines on purpose: the table, the chart, the config differences, the cluster export and the
// import drop all act on one selection of stored runs; the import itself lives in run-import-drop.ts.
import { html, css, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { T5Cell } from '../widgets/t5-cell.ts';
import { defineCellKind } from '../shell/registry.ts';
import { ProgramMemo } from '../widgets/program-memo.ts';
import { formatBytes } from '../../src/format/units.ts';
import { RUNS_CHANGED_EVENT } from '../widgets/runs-events.ts';
import { RunStore, requestPersistentStorage } from '../../src/runs/runStore.ts';
import type { RunRecord } from '../../src/runs/runRecord.ts';
import { configDifferences, configSummary, finalLoss } from '../../src/runs/runCompare.ts';
import { runsLossFigure } from '../../src/figures/runsLoss.ts';
import { VALUE } from '../../src/notebook/valueNames.ts';
import type { CellProgram, Outputs } from '../../src/notebook/notebookRuntime.ts';
import '../widgets/figure-toolbar.ts';
import { runsCellParams } from '../../src/runs/runsCellParams.ts';
import { paramErrorsView } from '../widgets/param-errors.ts';
import { runAsHfZip } from '../../src/runs/runExport.ts';
import { downloadBlob } from '../../src/plots/download.ts';
import { RECIPE_SCALE_NAMES } from '../../src/recipes/scales.ts';
import '../widgets/run-import-drop.ts';
import type { RunImportedDetail } from '../widgets/run-import-drop.ts';

interface RunsView {
  all: RunRecord[];
  storage: { usage?: number; quota?: number; persisted?: boolean; checkpointBytes: number };
}

/**
 * Runs / compare: every stored run in a table (status, config summary, steps, final loss, date,
 * backend); the selected runs' loss curves overlaid, smoothed with a debiased EMA (TensorBoard's
 * slider) on linear or log axes; the config fields that differ between the selected runs; delete
 * runs, prune checkpoints, storage used. Publishes `runs` (the selected records). The table
 * refreshes when a train cell starts or ends a run. An HF Trainer folder dropped on the cell (or
 * chosen) becomes a run beside the browser runs (run-import-drop.ts); its checkpoint opens in a
 * new model cell.
 */
export class RunsCell extends T5Cell {
  readonly kind = 'runs' as const;
  /** IndexedDB name (tests use throwaway databases). */
  @property({ attribute: false }) dbName?: string;
  private readonly memo = new ProgramMemo();
  private busy = '';
  private readonly onRunsChanged = () => this.refresh();

  static override styles = [
    T5Cell.baseStyles,
    css`
      table {
        border-collapse: collapse;
        font-size: 12.5px;
        width: 100%;
      }
      th {
        text-align: left;
        font-weight: 600;
        color: #555;
        border-bottom: 1px solid #ddd;
        padding: 3px 6px;
      }
      td {
        border-bottom: 1px solid #f0f0f0;
        padding: 3px 6px;
        vertical-align: top;
      }
      td.num {
        text-align: right;
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
      .status {
        font-size: 11.5px;
        padding: 0 6px;
        border-radius: 8px;
        background: #eef1f4;
        white-space: nowrap;
      }
      .status[data-status='completed'] {
        background: #e3f4ea;
      }
      .status[data-status='failed'],
      .status[data-status='diverged'] {
        background: #fde8e8;
      }
      .status[data-status='interrupted'],
      .status[data-status='stopped'] {
        background: #fff3d6;
      }
      .summary {
        color: #444;
      }
      button {
        font: inherit;
        font-size: 12px;
        padding: 1px 8px;
        border-radius: 5px;
        border: 1px solid #c4c9d0;
        background: #fff;
        cursor: pointer;
      }
      figure {
        position: relative;
        margin-top: 12px;
      }
      .note {
        font-size: 12.5px;
        color: #555;
        margin: 6px 0;
      }
      h4 {
        font-size: 12px;
        font-weight: 600;
        color: #555;
        margin: 14px 0 4px;
        text-transform: uppercase;
        letter-spacing: 0.04em;
      }
      input[type='range'] {
        width: 140px;
      }
      code {
        background: #f3f4f6;
        padding: 0 4px;
        border-radius: 3px;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener(RUNS_CHANGED_EVENT, this.onRunsChanged);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener(RUNS_CHANGED_EVENT, this.onRunsChanged);
  }

  /** Selected run ids; null = the three newest. */
  get selected(): string[] | null {
    return runsCellParams(this.spec?.params ?? {}).value.selected;
  }
  get smoothing(): number {
    return runsCellParams(this.spec?.params ?? {}).value.smoothing;
  }
  private flag(name: 'logX' | 'logY'): boolean {
    return runsCellParams(this.spec?.params ?? {}).value[name];
  }

  override program(): CellProgram {
    const selected = this.selected;
    const dbName = this.dbName;
    return this.memo.get({ selected, dbName }, () => ({
      inputs: [],
      outputs: [VALUE.runs],
      run: async (): Promise<Outputs> => {
        const store = new RunStore(dbName);
        const all = await store.listRuns();
        const ids = selected ?? all.slice(0, 3).map((r) => r.id);
        const view: RunsView = { all, storage: await store.storageInfo() };
        return { [VALUE.runs]: all.filter((r) => ids.includes(r.id)), view };
      },
    }))!;
  }

  /** Re-reads the stored runs (asks the notebook to re-run this cell). */
  refresh(): void {
    this.dispatchEvent(new CustomEvent('cell-action', { detail: { id: this.spec.id, action: 'run' }, bubbles: true, composed: true }));
  }

  private toggle(id: string, on: boolean, view: RunsView): void {
    const current = this.selected ?? view.all.slice(0, 3).map((r) => r.id);
    this.setParam('selected', on ? [...new Set([...current, id])] : current.filter((x) => x !== id));
  }

  /** "Export for a cluster": target and scale of the recipe zip (not saved with the notebook). */
  private clusterTarget: 'hf' | 't5x' = 'hf';
  private clusterScale = 't5-base';

  /** Downloads the run as a cluster recipe zip (src/recipes/runRecipeZip.ts, as `t5lab export-recipe --run`). */
  private exportCluster(r: RunRecord): Promise<void> {
    return this.act(`Writing the ${this.clusterTarget} recipe of ${r.name}…`, async () => {
      const [{ recipeZipOfRun }, { RECIPE_PYTHON }] = await Promise.all([
        import('../../src/recipes/runRecipeZip.ts'),
        import('../../src/recipes/recipePython.browser.ts'),
      ]);
      const zip = recipeZipOfRun(r, { target: this.clusterTarget, scale: this.clusterScale, python: RECIPE_PYTHON });
      const base = r.name.replace(/[^\w.-]+/g, '_') || 'run';
      downloadBlob(
        new Blob([zip as BlobPart], { type: 'application/zip' }),
        `${base}-${this.clusterTarget}-${this.clusterScale}-recipe.zip`,
        document,
      );
    });
  }

  /** Downloads the run as an HF folder zip (src/runs/runExport.ts). */
  private exportHf(r: RunRecord): Promise<void> {
    return this.act(`Exporting ${r.name}…`, async () => {
      const zip = await runAsHfZip(r);
      downloadBlob(
        new Blob([zip as BlobPart], { type: 'application/zip' }),
        `${r.name.replace(/[^\w.-]+/g, '_') || 'model'}-hf.zip`,
        document,
      );
    });
  }

  private async act(what: string, f: () => Promise<unknown>): Promise<void> {
    this.busy = what;
    this.requestUpdate();
    try {
      await f();
      this.busy = '';
    } catch (err) {
      this.busy = (err as Error).message;
    }
    this.refresh();
  }

  /** A run came back from a cluster: compare it (an explicit selection gets it added) and re-read the store. */
  private onImported(e: CustomEvent<RunImportedDetail>): void {
    const id = e.detail.record.id;
    if (this.selected && !this.selected.includes(id)) this.setParam('selected', [...this.selected, id]);
    this.refresh();
  }

  /** Adds a model cell after this one that uses the imported run's checkpoint (the notebook's add-cell, with params). */
  private openInModelCell(r: RunRecord): void {
    this.dispatchEvent(
      new CustomEvent('add-cell', { detail: { kind: 'model', params: { checkpoint: r.hfCheckpoint } }, bubbles: true, composed: true }),
    );
  }

  private deleteRun(r: RunRecord): void {
    // An imported run's model is kept: a model cell may be using it; the model cell's list deletes it.
    const kept = r.hfCheckpoint ? " Its imported model stays in the model cell's list of checkpoints (delete it there)." : '';
    if (!confirm(`Delete run "${r.name}" and its checkpoints?${kept}`)) return;
    void this.act('', async () => {
      await new RunStore(this.dbName).deleteRun(r.id);
      if (this.selected)
        this.setParam(
          'selected',
          this.selected.filter((x) => x !== r.id),
        );
    });
  }

  private pruneRun(r: RunRecord): void {
    void this.act('', () => new RunStore(this.dbName).pruneCheckpoints(r.id, 1));
  }

  private curves(runs: RunRecord[]) {
    const plot = runsLossFigure(runs, { smoothing: this.smoothing, logX: this.flag('logX'), logY: this.flag('logY') });
    if (!plot) return html`<p class="note">The selected runs have no loss history yet.</p>`;
    return html`<figure data-figure="runs-loss">${plot}<t5-figure-toolbar></t5-figure-toolbar></figure>`;
  }

  private differences(runs: RunRecord[]) {
    if (runs.length < 2) return html`<p class="note">Select two or more runs to see how their configs differ.</p>`;
    const diffs = configDifferences(runs.map((r) => r.config));
    if (diffs.length === 0) return html`<p class="note" data-config-diff>The selected runs have the same config.</p>`;
    return html`<table data-config-diff>
      <thead>
        <tr>
          <th>config field</th>
          ${runs.map((r) => html`<th>${r.name} <small>(${r.id.slice(-4)})</small></th>`)}
        </tr>
      </thead>
      <tbody>
        ${diffs.map(
          (d) =>
            html`<tr data-field=${d.field}>
              <td><code>${d.field}</code></td>
              ${d.values.map((v) => html`<td>${v}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  override render() {
    const st = this.runState;
    const view = st?.outputs?.view as RunsView | undefined;
    const selectedRuns = (st?.outputs?.[VALUE.runs] as RunRecord[] | undefined) ?? [];
    const ids = new Set(selectedRuns.map((r) => r.id));
    const s = view?.storage;
    return html`
      ${paramErrorsView(runsCellParams(this.spec?.params ?? {}).messages)}
      <div class="controls">
        <label
          >smoothing
          <input
            type="range"
            name="smoothing"
            min="0"
            max="0.99"
            step="0.01"
            .value=${String(this.smoothing)}
            @input=${(e: Event) => this.setParam('smoothing', Number((e.target as HTMLInputElement).value))}
          />
          <b>${this.smoothing.toFixed(2)}</b></label
        >
        <label
          ><input
            type="checkbox"
            name="logX"
            .checked=${this.flag('logX')}
            @change=${(e: Event) => this.setParam('logX', (e.target as HTMLInputElement).checked)}
          />
          log x</label
        >
        <label
          ><input
            type="checkbox"
            name="logY"
            .checked=${this.flag('logY')}
            @change=${(e: Event) => this.setParam('logY', (e.target as HTMLInputElement).checked)}
          />
          log y</label
        >
        <button @click=${() => this.refresh()}>Refresh</button>
        <label title="Export for a cluster: the recipe each run's 'Cluster' button downloads (docs/RECIPES.md)"
          >cluster
          <select
            name="clusterTarget"
            @change=${(e: Event) => (this.clusterTarget = (e.target as HTMLSelectElement).value as 'hf' | 't5x')}
          >
            <option value="hf" ?selected=${this.clusterTarget === 'hf'}>HF accelerate</option>
            <option value="t5x" ?selected=${this.clusterTarget === 't5x'}>T5X</option>
          </select>
          <select name="clusterScale" @change=${(e: Event) => (this.clusterScale = (e.target as HTMLSelectElement).value)}>
            ${RECIPE_SCALE_NAMES.map((n) => html`<option value=${n} ?selected=${n === this.clusterScale}>${n}</option>`)}
          </select></label
        >
      </div>
      <t5-run-import-drop .dbName=${this.dbName} @run-imported=${(e: CustomEvent<RunImportedDetail>) => this.onImported(e)}></t5-run-import-drop>
      ${st?.status === 'error' ? html`<p class="error" role="alert">${st.error}</p>` : nothing}
      ${this.busy ? html`<p class="error" role="alert">${this.busy}</p>` : nothing}
      ${
        !view
          ? html`<p class="note">Reading the runs stored in this browser…</p>`
          : view.all.length === 0
            ? html`<p class="note">No runs yet: train one with a Train cell, or bring one back from a cluster above.</p>`
            : html`<table data-runs>
                  <thead>
                    <tr>
                      <th></th>
                      <th>run</th>
                      <th>status</th>
                      <th>config</th>
                      <th class="num">steps</th>
                      <th class="num">final loss</th>
                      <th>date</th>
                      <th>backend</th>
                      <th></th>
                    </tr>
                  </thead>
                  <tbody>
                    ${view.all.map((r) => {
                      const loss = finalLoss(r);
                      return html`<tr data-run-id=${r.id}>
                        <td>
                          <input
                            type="checkbox"
                            aria-label=${`compare ${r.name}`}
                            .checked=${ids.has(r.id)}
                            @change=${(e: Event) => this.toggle(r.id, (e.target as HTMLInputElement).checked, view)}
                          />
                        </td>
                        <td>${r.name}</td>
                        <td><span class="status" data-status=${r.status} title=${r.message ?? ''}>${r.status}</span></td>
                        <td class="summary">${configSummary(r.config, r.resolved)}</td>
                        <td class="num">${r.step} / ${r.config.steps}</td>
                        <td class="num">${loss === undefined ? '—' : loss.toFixed(3)}</td>
                        <td>${new Date(r.createdAt).toLocaleString()}</td>
                        <td>${r.environment.backend}</td>
                        <td>
                          ${r.checkpoints.length > 1 ? html`<button data-action="prune" title="keep only the newest checkpoint" @click=${() => this.pruneRun(r)}>Prune</button>` : nothing}
                          ${r.checkpoints.length ? html`<button data-action="export-hf" title="download as a Hugging Face folder (zip): config.json, model.safetensors, tokenizer.json, …" @click=${() => this.exportHf(r)}>HF zip</button>` : nothing}
                          ${r.resolved ? html`<button data-action="export-cluster" title="Export for a cluster: a recipe zip (README, recipe.json, train.py or recipe.gin + tasks.py) at the scale chosen above" @click=${() => this.exportCluster(r)}>Cluster</button>` : nothing}
                          ${r.hfCheckpoint ? html`<button data-action="open-model" title="add a model cell that opens this run's imported checkpoint" @click=${() => this.openInModelCell(r)}>Model cell</button>` : nothing}
                          <button data-action="delete" @click=${() => this.deleteRun(r)}>Delete</button>
                        </td>
                      </tr>`;
                    })}
                  </tbody>
                </table>
                <p class="note" data-storage>
                  Checkpoints use ${formatBytes(s!.checkpointBytes)}${s!.usage !== undefined ? `; this site stores ${formatBytes(s!.usage)}${s!.quota ? ` of ${formatBytes(s!.quota)}` : ''}` : ''}.
                  ${s!.persisted ? 'Storage is persistent.' : html`Storage may be evicted by the browser. <button @click=${() => void this.act('', requestPersistentStorage)}>Keep it</button>`}
                </p>
                ${this.curves(selectedRuns)}
                <h4>Config differences</h4>
                ${this.differences(selectedRuns)}`
      }
    `;
  }
}

defineCellKind(
  {
    kind: 'runs',
    order: 150,
    tag: 't5-runs-cell',
    label: 'Runs / compare',
    description: 'Stored runs: overlay loss curves with smoothing, log axes, config differences; delete and prune',
    defaultParams: () => ({ selected: null, smoothing: 0.6, logX: false, logY: false }),
  },
  RunsCell,
);
