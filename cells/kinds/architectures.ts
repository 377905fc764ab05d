import { html, css, nothing } from 'lit';
import { T5Cell } from '../widgets/t5-cell.ts';
import { defineCellKind } from '../shell/registry.ts';
import { ProgramMemo } from '../widgets/program-memo.ts';
import { visiblePiece } from '../widgets/token-chips.ts';
import { MASK_PATTERNS, maskCells } from '../../src/model/architecture.ts';
import type { Tokenizer } from '../../src/tokenizers/tokenizer.ts';
import { chipsOf } from '../../src/tokenizers/tokenizerSummary.ts';
import { VALUE } from '../../src/notebook/valueNames.ts';
import { attentionMasksFigure, type MaskView, attentionMasksCaption } from '../../src/figures/attentionMasks.ts';
import type { CellProgram, Outputs } from '../../src/notebook/notebookRuntime.ts';
import '../widgets/figure-toolbar.ts';
import { MASK_DEFAULTS, maskCellParams } from '../../src/model/modelCellParams.ts';
import { paramErrorsView } from '../widgets/param-errors.ts';

// The view the cell publishes is the figure's data.
export type { MaskView };

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
    return maskCellParams(this.spec?.params ?? {}).value;
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
    const plot = attentionMasksFigure(view);
    return html`<figure data-figure="attention-masks">
      ${plot}<t5-figure-toolbar></t5-figure-toolbar>
      <figcaption>${attentionMasksCaption(view)}</figcaption>
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
    return html`${paramErrorsView(maskCellParams(this.spec?.params ?? {}).messages)}
      <div class="controls">
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

defineCellKind(
  {
    kind: 'architectures',
    order: 160,
    tag: 't5-architectures-cell',
    label: 'Attention masks',
    description: "The fully-visible, causal and prefix-LM attention masks over a tokenized input (the paper's Figure 3)",
    defaultParams: () => ({ ...MASK_DEFAULTS }),
  },
  ArchitecturesCell,
);
