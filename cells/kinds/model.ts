// Over 400 lines on purpose: a cell kind is one file (cells/kinds/ is loaded file by file), and this one
// holds its scoped styles and the config form with per-field messages, presets, counts and memory, the
// diagram and the checkpoint import panel; the model is src/model.
import { html, css, nothing } from 'lit';
import * as tf from '@tensorflow/tfjs';
import { T5Cell } from '../widgets/t5-cell.ts';
import { defineCellKind } from '../shell/registry.ts';
import { formatBytes, formatCount } from '../../src/format/units.ts';
import { ProgramMemo } from '../widgets/program-memo.ts';
import { modelDiagramSvg } from '../widgets/model-diagram.ts';
import { DEFAULT_CONFIG, validateConfig, type T5Config } from '../../src/model/config.ts';
import { PRESETS, PRESET_NAMES } from '../../src/model/presets.ts';
import {
  CONFIG_FIELDS,
  changedFields,
  coerceField,
  configFieldErrors,
  type ConfigField,
  type ConfigFieldName,
} from '../../src/model/configFields.ts';
import { memoryEstimate, parameterCount, type MemoryEstimate } from '../../src/model/parameterCount.ts';
import { positiveInt } from '../../src/validation/checks.ts';
import { modelCellParams } from '../../src/model/modelCellParams.ts';
import { paramErrorsView } from '../widgets/param-errors.ts';
import { weightShapes } from '../../src/model/weightShapes.ts';
import { T5Model } from '../../src/model/t5Model.ts';
import type { Tokenizer } from '../../src/tokenizers/tokenizer.ts';
import { VALUE } from '../../src/notebook/valueNames.ts';
import type { CellProgram, Outputs } from '../../src/notebook/notebookRuntime.ts';
import '../widgets/figure-toolbar.ts';
import '../widgets/hf-import-panel.ts';
import { summaryLine } from '../widgets/hf-import-panel.ts';
import { hfCheckpointProgram, type HfModelView } from '../widgets/hf-model-program.ts';

/**
 * Largest model the cell allocates (t5-small has 60.5 M): bigger presets still get their exact
 * parameter count, memory estimate and diagram, but building one would exhaust a browser tab.
 */
export const MAX_BUILD_PARAMETERS = 80_000_000;

type RawConfig = Partial<Record<ConfigFieldName, unknown>>;

interface ModelView {
  parameters: number;
  buildMs: number;
  seed: number;
  backend: string;
}

const BATCH_FIELDS = [
  ['batch', 'batch', 16],
  ['inputLength', 'input tokens', 128],
  ['targetLength', 'target tokens', 32],
] as const;

/**
 * The model builder: a form for every T5Config field and the presets, validation messages next
 * to the field they concern, the exact parameter count and a training-memory estimate while
 * typing, and a diagram of the two stacks. Publishes `modelConfig` and `model` (initialised from
 * the notebook `seed`; vocab_size follows the tokenizer when linked). The old model is disposed
 * when a new one replaces it.
 */
export class ModelCell extends T5Cell {
  readonly kind = 'model' as const;
  private readonly memo = new ProgramMemo();

  static override styles = [
    T5Cell.baseStyles,
    css`
      select {
        font: inherit;
        padding: 2px 4px;
      }
      .form {
        display: var(--t5-controls-display, grid);
        grid-template-columns: repeat(auto-fill, minmax(230px, 1fr));
        gap: 6px 16px;
        margin: 6px 0 10px;
      }
      .field {
        display: flex;
        flex-direction: column;
        gap: 1px;
      }
      .field label {
        font:
          12px/1.3 ui-monospace,
          SFMono-Regular,
          Menlo,
          monospace;
        color: #333;
        display: flex;
        justify-content: space-between;
        gap: 8px;
      }
      .field input[type='number'],
      .field select {
        width: 100%;
        box-sizing: border-box;
        font: inherit;
        font-size: 13px;
        padding: 2px 4px;
        border: 1px solid #ccc;
        border-radius: 4px;
      }
      .field input[aria-invalid='true'] {
        border-color: #b00020;
        background: #fff5f5;
      }
      .field .help {
        font-size: 11px;
        color: #888;
      }
      .field .field-error {
        font-size: 11.5px;
        color: #b00020;
      }
      .numbers {
        display: flex;
        flex-wrap: wrap;
        gap: 6px 22px;
        font-size: 13px;
        margin: 8px 0;
        align-items: baseline;
      }
      .numbers b {
        font-size: 15px;
        font-variant-numeric: tabular-nums;
      }
      .numbers small {
        color: #666;
      }
      .memory-shape {
        display: var(--t5-controls-display, flex);
        gap: 10px;
        font-size: 12px;
        color: #555;
        align-items: center;
        flex-wrap: wrap;
      }
      .memory-shape input {
        width: 4.5em;
      }
      .status {
        font-size: 12px;
        color: #555;
      }
      figcaption {
        font-size: 12px;
        color: #555;
        margin-top: 4px;
      }
      .linked {
        font-size: 11px;
        color: #0072b2;
      }
    `,
  ];

  /** The stored params, checked at the boundary (wrong types take the default and are named). */
  private get parsed() {
    return modelCellParams(this.spec?.params ?? {});
  }
  private get presetName(): string {
    return this.parsed.value.preset;
  }
  private get linked(): boolean {
    return this.parsed.value.vocabFromTokenizer;
  }
  /** Field values as entered (possibly invalid), over the preset's. */
  get rawConfig(): RawConfig {
    return { ...PRESETS[this.presetName], ...this.parsed.value.config };
  }
  private batchParam(name: 'batch' | 'inputLength' | 'targetLength', _fallback: number): number {
    return this.parsed.value[name];
  }

  /** Id of the imported HF checkpoint the cell uses instead of the form (hf-import-panel.ts). */
  private get checkpointId(): string | undefined {
    const id = this.parsed.value.checkpoint;
    return id !== '' ? id : undefined;
  }

  override program(): CellProgram {
    const checkpoint = this.checkpointId;
    if (checkpoint) return this.memo.get({ checkpoint }, () => hfCheckpointProgram(checkpoint))!;
    const raw = this.rawConfig;
    const linked = this.linked;
    return this.memo.get({ raw, linked }, () => ({
      inputs: [VALUE.seed, ...(linked ? [VALUE.tokenizer] : [])],
      outputs: [VALUE.modelConfig, VALUE.model, VALUE.modelTokenizer],
      run: async (inputs: Outputs): Promise<Outputs> => {
        const seed = inputs[VALUE.seed];
        if (!Number.isSafeInteger(seed)) throw new TypeError(`seed must be an integer (got ${String(seed)})`);
        const tokenizer = inputs[VALUE.tokenizer] as Tokenizer | undefined;
        const config = validateConfig({
          ...(raw as Partial<T5Config>),
          ...(linked && tokenizer ? { vocabSize: tokenizer.vocabSize } : {}),
        });
        const parameters = parameterCount(config);
        if (parameters > MAX_BUILD_PARAMETERS) {
          throw new RangeError(
            `this model has ${formatCount(parameters)} parameters; the workbench builds models of up to ${formatCount(MAX_BUILD_PARAMETERS)} in a browser tab (its count, memory and diagram are shown above)`,
          );
        }
        await tf.ready();
        const t0 = performance.now();
        const model = T5Model.create(config, { seed: seed as number });
        const view: ModelView = { parameters, buildMs: performance.now() - t0, seed: seed as number, backend: tf.getBackend() };
        return { [VALUE.modelConfig]: config, [VALUE.model]: model, [VALUE.modelTokenizer]: linked ? tokenizer : undefined, view };
      },
      dispose: (outputs: Outputs) => (outputs[VALUE.model] as T5Model | undefined)?.dispose(),
    }))!;
  }

  private setField(field: ConfigField, raw: string | boolean) {
    const overrides = { ...this.parsed.value.config, [field.name]: coerceField(field, raw) };
    this.setParam('config', overrides);
  }

  private choosePreset(name: string) {
    this.spec = { ...this.spec, params: { ...this.spec.params, preset: name, config: {} } };
    this.dispatchEvent(
      new CustomEvent('cell-params-changed', { detail: { id: this.spec.id, params: this.spec.params }, bubbles: true, composed: true }),
    );
  }

  /** The config the numbers and diagram describe: the form's, with the tokenizer's vocab when linked. */
  private effectiveConfig(): { config?: T5Config; errors: Partial<Record<ConfigFieldName, string>> } {
    const raw = { ...this.rawConfig };
    const published = this.runState?.outputs?.[VALUE.modelConfig] as T5Config | undefined;
    if (this.linked && published) raw.vocabSize = published.vocabSize;
    const errors = configFieldErrors(raw);
    if (Object.keys(errors).length) return { errors };
    return { config: validateConfig(raw as Partial<T5Config>), errors };
  }

  /**
   * What the linked vocab_size field shows: the vocabulary the model was built with (the
   * tokenizer's), not the preset's number it replaced; empty until a tokenizer has arrived.
   */
  private linkedVocab(): number {
    return (this.runState?.outputs?.[VALUE.modelConfig] as T5Config | undefined)?.vocabSize ?? NaN;
  }

  private renderField(field: ConfigField, value: unknown, error: string | undefined) {
    const id = `f-${field.name}`;
    const vocabLinked = field.name === 'vocabSize' && this.linked;
    let input;
    if (field.input === 'select') {
      input = html`<select id=${id} name=${field.name} @change=${(e: Event) => this.setField(field, (e.target as HTMLSelectElement).value)}>
        ${field.options!.map((o) => html`<option ?selected=${o === value}>${o}</option>`)}
      </select>`;
    } else if (field.input === 'boolean') {
      input = html`<input
        id=${id}
        type="checkbox"
        name=${field.name}
        .checked=${value === true}
        @change=${(e: Event) => this.setField(field, (e.target as HTMLInputElement).checked)}
      />`;
    } else {
      input = html`<input
        id=${id}
        type="number"
        name=${field.name}
        step=${field.input === 'integer' ? '1' : 'any'}
        .value=${Number.isFinite(value as number) ? String(value) : ''}
        ?disabled=${vocabLinked}
        placeholder=${vocabLinked ? "the tokenizer's" : ''}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `${id}-error` : nothing}
        @change=${(e: Event) => this.setField(field, (e.target as HTMLInputElement).value)}
      />`;
    }
    return html`<div class="field">
      <label for=${id}>${field.label}${vocabLinked ? html`<span class="linked">follows the tokenizer</span>` : nothing}</label>
      ${input}
      ${error ? html`<span class="field-error" id=${`${id}-error`} role="alert" data-field=${field.name}>${error}</span>` : html`<span class="help">${field.help}</span>`}
    </div>`;
  }

  private renderNumbers(config: T5Config) {
    const batch = this.batchParam('batch', 16);
    const inputLength = this.batchParam('inputLength', 128);
    const targetLength = this.batchParam('targetLength', 32);
    const params = parameterCount(config);
    let memory: MemoryEstimate | undefined;
    let memoryError = '';
    let badField = '';
    try {
      // Checked under the labels shown next to the fields, so "batch must be …" points at one.
      for (const [name, label, fallback] of BATCH_FIELDS) {
        badField = name;
        positiveInt(this.batchParam(name, fallback), label);
      }
      badField = '';
      memory = memoryEstimate(config, { batch, inputLength, targetLength });
    } catch (err) {
      memoryError = (err as Error).message;
    }
    return html`<div class="numbers" data-numbers>
        <span>parameters <b data-stat="parameters">${params.toLocaleString('en-US')}</b> <small>(${formatCount(params)})</small></span>
        <span>weights <b data-stat="weights">${formatBytes(params * 4)}</b> <small>float32</small></span>
        ${
          memory
            ? html`<span
                >one training step <b data-stat="memory">${formatBytes(memory.total)}</b>
                <small
                  >(gradients ${formatBytes(memory.gradients)}, Adafactor state ${formatBytes(memory.optimizerState)}, activations
                  ${formatBytes(memory.activations)})</small
                ></span
              >`
            : nothing
        }
      </div>
      <div class="memory-shape">
        memory for a batch of
        ${BATCH_FIELDS.map(
          ([name, label, fallback]) =>
            html`<label
              >${label}
              <input
                type="number"
                min="1"
                step="1"
                name=${name}
                .value=${String(this.batchParam(name, fallback))}
                aria-invalid=${badField === name ? 'true' : 'false'}
                @change=${(e: Event) => this.setParam(name, Number((e.target as HTMLInputElement).value))}
            /></label>`,
        )}
      </div>
      ${memoryError ? html`<p class="error" role="alert" data-memory-error data-field=${badField || nothing}>memory estimate: ${memoryError}</p>` : nothing}`;
  }

  private renderDiagram(config: T5Config) {
    const rows = [...weightShapes(config)].map(([name, shape]) => ({
      name,
      shape: shape.join('×'),
      parameters: shape.reduce((a, b) => a * b, 1),
    }));
    return html`<figure data-figure="model-diagram">
      ${modelDiagramSvg(config)}<t5-figure-toolbar .data=${rows}></t5-figure-toolbar>
      <figcaption>
        Every sub-layer is pre-norm (RMSNorm, then the sub-layer, then the residual add). Each stack has one relative-bias table, in block
        0's self-attention, used by all its blocks; cross-attention has none. The exported data lists every weight.
      </figcaption>
    </figure>`;
  }

  /** `data-params` on the host: the exact parameter count of the published model, once it is ready. */
  override updated(changed: Map<string, unknown>): void {
    super.updated(changed);
    const st = this.runState;
    const view = st?.outputs?.view as { parameters?: number } | undefined;
    if (st?.status === 'ok' && !st.stale && typeof view?.parameters === 'number') this.setAttribute('data-params', String(view.parameters));
    else this.removeAttribute('data-params');
  }

  private renderImportPanel() {
    return html`<t5-hf-import-panel
      .selected=${this.checkpointId ?? null}
      @hf-checkpoint-selected=${(e: CustomEvent<{ id: string | null }>) => this.setParam('checkpoint', e.detail.id ?? undefined)}
    ></t5-hf-import-panel>`;
  }

  private renderImported() {
    const st = this.runState;
    const view = st?.outputs?.view as HfModelView | undefined;
    const config = st?.outputs?.[VALUE.modelConfig] as T5Config | undefined;
    return html`${this.renderImportPanel()}
    ${st?.status === 'running' || st?.status === 'waiting' ? html`<p class="status">Reading the checkpoint…</p>` : nothing}
    ${st?.status === 'error' || st?.status === 'blocked' ? html`<p class="error" role="alert" data-run-error>${st.error}</p>` : nothing}
    ${
      view?.source === 'hf'
        ? html`<div class="numbers" data-numbers>
              <span
                >parameters <b data-stat="parameters">${view.parameters.toLocaleString('en-US')}</b>
                <small>(${formatCount(view.parameters)})</small></span
              >
              <span>files <b>${formatBytes(view.bytes)}</b></span>
            </div>
            <p class="status" data-imported>
              ${view.name}: ${summaryLine(view.summary, view.summary.weightBytes)}. Loaded in ${view.loadMs.toFixed(0)} ms on the
              ${view.backend} backend.
            </p>`
        : nothing
    }
    ${config ? this.renderDiagram(config) : nothing}`;
  }

  override render() {
    if (this.checkpointId) return this.renderImported();
    const raw = this.rawConfig;
    const { config, errors } = this.effectiveConfig();
    const base = PRESETS[this.presetName] ?? DEFAULT_CONFIG;
    const modified = changedFields(raw as Partial<T5Config>, base).filter((f) => !(f === 'vocabSize' && this.linked));
    const st = this.runState;
    const view = st?.outputs?.view as ModelView | undefined;
    return html`${paramErrorsView(this.parsed.messages)}${this.renderImportPanel()}
      <div class="controls">
        <label
          >preset
          <select name="preset" @change=${(e: Event) => this.choosePreset((e.target as HTMLSelectElement).value)}>
            ${PRESET_NAMES.map((n) => html`<option ?selected=${n === this.presetName}>${n}</option>`)}
          </select></label
        >
        ${modified.length ? html`<span class="status">modified: ${modified.map((f) => CONFIG_FIELDS.find((c) => c.name === f)!.label).join(', ')}</span>` : nothing}
        <label
          ><input
            type="checkbox"
            name="vocabFromTokenizer"
            .checked=${this.linked}
            @change=${(e: Event) => this.setParam('vocabFromTokenizer', (e.target as HTMLInputElement).checked)}
          />
          vocab_size follows the tokenizer</label
        >
      </div>
      <div class="form">
        ${CONFIG_FIELDS.map((f) => this.renderField(f, f.name === 'vocabSize' && this.linked ? this.linkedVocab() : raw[f.name], errors[f.name]))}
      </div>
      ${config ? this.renderNumbers(config) : nothing}
      ${st?.status === 'error' || st?.status === 'blocked' ? html`<p class="error" role="alert" data-run-error>${st.error}</p>` : nothing}
      ${view && st?.status === 'ok' ? html`<p class="status" data-built>Built from seed ${view.seed} in ${view.buildMs.toFixed(0)} ms on the ${view.backend} backend.</p>` : nothing}
      ${config ? this.renderDiagram(config) : nothing} `;
  }
}

defineCellKind(
  {
    kind: 'model',
    order: 50,
    tag: 't5-model-cell',
    label: 'Model',
    description: 'Every T5Config field and the presets: parameter count, memory, a diagram; builds the model',
    defaultParams: () => ({ preset: 'workbench-micro', config: {}, vocabFromTokenizer: true }),
  },
  ModelCell,
);
