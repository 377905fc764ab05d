import { html, css, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import * as Plot from '@observablehq/plot';
import { T5Cell } from '../widgets/t5-cell.ts';
import { defineCellKind } from '../shell/registry.ts';
import { ProgramMemo } from '../widgets/program-memo.ts';
import { renderValue } from '../widgets/value-view.ts';
import { t5labApi } from '../widgets/t5lab-api.ts';
import type { ParsedCode } from '../../src/notebook/codeCell.ts';
import type { CellProgram } from '../../src/notebook/notebookRuntime.ts';
import '../widgets/code-editor.ts';
import { codeCellParams } from '../../src/notebook/sourceCellParams.ts';
import { paramErrorsView } from '../widgets/param-errors.ts';

/**
 * Users' code gets the whole of tfjs (layers, converter, data), while the app itself bundles only
 * tfjs-core and its backends (src/backend/tfjsCore.ts): loaded with the first code cell that runs.
 */
let fullTf: Promise<typeof import('@tensorflow/tfjs/dist/index.js')> | undefined;
const loadFullTf = () => (fullTf ??= import('@tensorflow/tfjs/dist/index.js'));

/**
 * The code-cell parser (@observablehq/parser with acorn, about 250 KB) loads as its own chunk,
 * started when this module runs. A code cell has no program until it is there (its inputs come
 * from parsing) and asks the notebook to register it again when it arrives.
 */
let codeCell: typeof import('../../src/notebook/codeCell.ts') | undefined;
/** Resolves when code cells can be parsed. */
export const codeParserReady: Promise<void> = import('../../src/notebook/codeCell.ts').then((m) => {
  codeCell = m;
});

/** Where a code cell's value is kept in its outputs, named or not (never a cell-visible name). */
export const CODE_VALUE = '#value';

/** The error an untrusted notebook's code cells report instead of running. */
export const UNTRUSTED_MESSAGE = 'Not run: this notebook was imported, and its code cells run only after you trust it.';

/**
 * A JavaScript code cell (syntax in src/notebook/codeCell.ts: `name = expression`, a
 * `{ block }` with `return`, or an anonymous expression). It reads other cells' values by name,
 * can use `tf`, `Plot`, `t5lab` (cells/widgets/t5lab-api.ts) and `signal`, and shows its value below
 * the editor. Its code is compiled and run only when the notebook is trusted.
 */
export class CodeCell extends T5Cell {
  readonly kind = 'code' as const;

  /** Set by the notebook view: whether this notebook's code may run. */
  @property({ type: Boolean }) trusted = false;
  /** Set by the notebook view (`?hide=code`): show the value only. */
  @property({ type: Boolean }) hideSource = false;

  private readonly memo = new ProgramMemo();

  static override styles = [
    T5Cell.baseStyles,
    css`
      .out {
        margin-top: 8px;
        font-size: 13px;
        min-height: 4px;
      }
      .value {
        margin: 0;
      }
      pre.value,
      .value pre {
        font:
          12px/1.5 ui-monospace,
          SFMono-Regular,
          Menlo,
          monospace;
        background: #f6f8fa;
        border-radius: 6px;
        padding: 6px 10px;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        max-height: 360px;
        overflow: auto;
        margin: 0;
      }
      code.value {
        font:
          12px ui-monospace,
          SFMono-Regular,
          Menlo,
          monospace;
      }
      .muted {
        color: #8a8f98;
      }
      .name {
        font:
          12px ui-monospace,
          SFMono-Regular,
          Menlo,
          monospace;
        color: #0b57d0;
        margin-right: 6px;
      }
      .table-wrap {
        max-height: 360px;
        overflow: auto;
      }
      table {
        border-collapse: collapse;
        font-size: 12px;
        font-variant-numeric: tabular-nums;
      }
      th {
        text-align: left;
        font-weight: 600;
        color: #555;
        border-bottom: 1px solid #ddd;
        padding: 3px 8px;
        position: sticky;
        top: 0;
        background: #fff;
      }
      td {
        border-bottom: 1px solid #f0f0f0;
        padding: 3px 8px;
        vertical-align: top;
      }
      td.n,
      th.n {
        color: #9aa0a8;
      }
      figure {
        position: relative;
        margin: 0;
      }
    `,
  ];

  /** The source; one that is not text is shown as wrong (see render) and never run. */
  get source(): string {
    return codeCellParams(this.spec?.params ?? {}).value.source;
  }

  /** The parsed source, or the syntax error; recomputed only when the source changes. */
  private parsed(): ParsedCode | Error {
    if (!codeCell) return new Error('The code parser is loading…');
    try {
      return codeCell.parseCodeCell(this.source);
    } catch (err) {
      return err as Error;
    }
  }

  override program(): CellProgram | null {
    if (!codeCell) {
      void codeParserReady.then(() => this.programChanged());
      return null;
    }
    const { compileCodeCell } = codeCell;
    return this.memo.get({ source: this.source, trusted: this.trusted, id: this.spec.id }, () => {
      const parsed = this.parsed();
      if (parsed instanceof Error)
        return {
          inputs: [],
          outputs: [],
          run: () => {
            throw parsed;
          },
        };
      const outputs = parsed.name ? [parsed.name] : [];
      // Untrusted code is never compiled; readers of its name are blocked by this cell.
      if (!this.trusted)
        return {
          inputs: [],
          outputs,
          run: () => {
            throw new Error(UNTRUSTED_MESSAGE);
          },
        };
      let compiled: ReturnType<typeof compileCodeCell>;
      try {
        compiled = compileCodeCell(parsed, this.spec.id);
      } catch (err) {
        return {
          inputs: [],
          outputs: [],
          run: () => {
            throw err;
          },
        };
      }
      return {
        inputs: parsed.inputs,
        outputs,
        run: async (inputs, { signal }) => {
          const tf = await loadFullTf();
          const value = await compiled(inputs, { tf, Plot, t5lab: t5labApi, signal });
          return parsed.name ? { [parsed.name]: value, [CODE_VALUE]: value } : { [CODE_VALUE]: value };
        },
      };
    });
  }

  /** Focuses the editor (a new cell is ready to type into). */
  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>('t5-code-editor')?.focus();
  }

  private onCommit(e: CustomEvent<{ value: string }>) {
    e.stopPropagation();
    this.setParam('source', e.detail.value);
  }

  override render() {
    const outputs = this.runState?.outputs;
    const parsed = this.parsed();
    const name = parsed instanceof Error ? null : parsed.name;
    return html`
      ${paramErrorsView(codeCellParams(this.spec?.params ?? {}).messages)}
      ${
        this.hideSource
          ? nothing
          : html`<t5-code-editor
              .value=${this.source}
              label=${`Code of cell ${this.spec.id}`}
              @code-commit=${this.onCommit}
            ></t5-code-editor>`
      }
      <div class="out" aria-live="polite">
        ${
          outputs && CODE_VALUE in outputs
            ? html`${name ? html`<span class="name">${name} =</span>` : nothing}${renderValue(outputs[CODE_VALUE], name ?? `${this.spec.id}`)}`
            : nothing
        }
      </div>
    `;
  }
}

defineCellKind(
  {
    kind: 'code',
    order: 20,
    tag: 't5-code-cell',
    label: 'JavaScript',
    description: 'name = expression: reads other cells’ values, can use tf, Plot and t5lab',
    defaultParams: () => ({ source: '' }),
  },
  CodeCell,
);
