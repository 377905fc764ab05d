import { html, css, nothing } from 'lit';
import { T5Cell } from '../widgets/t5-cell.ts';
import { defineCellKind } from '../shell/registry.ts';
import { ProgramMemo } from '../widgets/program-memo.ts';
import { VALUE } from '../../src/notebook/valueNames.ts';
import type { CellProgram, Outputs } from '../../src/notebook/notebookRuntime.ts';
import type { T5Model } from '../../src/model/t5Model.ts';
import type { Tokenizer } from '../../src/tokenizers/tokenizer.ts';
import { generateText, type TextGeneration } from '../../src/generation/textGeneration.ts';
import { intIn, oneOf, parseFields, string } from '../../src/validation/checks.ts';

interface GenerateParams {
  text: string;
  search: 'greedy' | 'beam';
  beamSize: number;
  maxSteps: number;
}

const DEFAULTS: GenerateParams = {
  text: 'translate English to German: The house is wonderful.',
  search: 'greedy',
  beamSize: 4,
  maxSteps: 32,
};
const SCHEMA = {
  text: { label: 'Input text', check: (v: unknown, l: string) => string(v, l) },
  search: { label: 'Search', check: (v: unknown, l: string) => oneOf(v, l, ['greedy', 'beam'] as const) },
  beamSize: { label: 'Beam size', check: (v: unknown, l: string) => intIn(v, l, 1, 16) },
  maxSteps: { label: 'Max length', check: (v: unknown, l: string) => intIn(v, l, 1, 512) },
};

/**
 * Text in, text out for the notebook's model (built or an imported checkpoint, with the
 * tokenizer that belongs to it): greedy or beam search, the probability of every output token as
 * a strip, and which input tokens each output token attended to (last-layer cross-attention).
 */
export class GenerateCell extends T5Cell {
  readonly kind = 'generate' as const;
  private readonly memo = new ProgramMemo();

  static override styles = [
    T5Cell.baseStyles,
    css`
      textarea {
        width: 100%;
        box-sizing: border-box;
        font:
          13px/1.4 ui-monospace,
          SFMono-Regular,
          Menlo,
          monospace;
      }
      .output {
        font-size: 15px;
        margin: 8px 0;
        white-space: pre-wrap;
      }
      .strip {
        display: flex;
        flex-wrap: wrap;
        gap: 2px;
        margin: 6px 0;
      }
      .tok {
        font:
          12px ui-monospace,
          monospace;
        padding: 2px 4px;
        border-radius: 3px;
        border: 1px solid #ccd;
        display: inline-flex;
        flex-direction: column;
        align-items: center;
      }
      .tok small {
        font-size: 10px;
        color: #333;
      }
      table.cross {
        border-collapse: collapse;
        font:
          11px ui-monospace,
          monospace;
        margin-top: 8px;
      }
      table.cross td,
      table.cross th {
        padding: 1px 3px;
        text-align: center;
      }
      table.cross th {
        font-weight: normal;
        color: #444;
      }
      .note {
        font-size: 12px;
        color: #555;
      }
    `,
  ];

  private get params(): { value: GenerateParams; errors: Error[] } {
    return parseFields(this.spec?.params, SCHEMA, DEFAULTS);
  }

  override program(): CellProgram {
    const p = this.params.value;
    return this.memo.get(p, () => ({
      inputs: [VALUE.model, VALUE.modelTokenizer],
      outputs: [],
      run: async (inputs: Outputs): Promise<Outputs> => {
        const model = inputs[VALUE.model] as T5Model;
        const tokenizer = inputs[VALUE.modelTokenizer] as Tokenizer | undefined;
        if (!tokenizer)
          throw new Error(
            'the model has no tokenizer: link the model cell to the tokenizer ("vocab_size follows the tokenizer") or open a checkpoint with spiece.model or tokenizer.json',
          );
        const result = await generateText(model, tokenizer, p.text, {
          maxSteps: p.maxSteps,
          beamSize: p.search === 'beam' ? p.beamSize : 1,
        });
        return { view: result };
      },
    }))!;
  }

  private renderResult(g: TextGeneration) {
    const n = g.inputIds.length;
    return html`<div class="output" data-output-text>${g.text}</div>
      <div class="strip" data-probabilities>
        ${g.outputPieces.map(
          (piece, t) =>
            html`<span
              class="tok"
              title=${`P = ${g.probabilities[t].toFixed(4)}`}
              style=${`background: rgba(0, 114, 178, ${(0.1 + 0.8 * g.probabilities[t]).toFixed(3)})`}
            >
              ${piece}<small>${(100 * g.probabilities[t]).toFixed(1)}%</small></span
            >`,
        )}
      </div>
      <p class="note">
        Each output token with the probability the model gave it (teacher-forced on the generated text); score ${g.score.toFixed(3)}.
      </p>
      ${
        g.outputIds.length
          ? html`<table class="cross" data-cross-attention>
                <tr>
                  <th></th>
                  ${g.inputPieces.map((p) => html`<th>${p}</th>`)}
                </tr>
                ${g.outputPieces.map(
                  (piece, t) =>
                    html`<tr>
                      <th>${piece}</th>
                      ${g.inputPieces.map((_, i) => {
                        const w = g.crossAttention[t * n + i];
                        return html`<td title=${w.toFixed(3)} style=${`background: rgba(213, 94, 0, ${w.toFixed(3)})`}>
                          ${w >= 0.1 ? w.toFixed(2) : ''}
                        </td>`;
                      })}
                    </tr>`,
                )}
              </table>
              <p class="note">Rows: output tokens; columns: input tokens; shade: last-layer cross-attention averaged over heads.</p>`
          : nothing
      }`;
  }

  override render() {
    const { value: p, errors } = this.params;
    const st = this.runState;
    const g = st?.outputs?.view as TextGeneration | undefined;
    return html`<div class="controls">
        <label
          >search
          <select name="search" @change=${(e: Event) => this.setParam('search', (e.target as HTMLSelectElement).value)}>
            ${(['greedy', 'beam'] as const).map((s) => html`<option ?selected=${s === p.search}>${s}</option>`)}
          </select></label
        >
        ${p.search === 'beam' ? html`<label>beam size <input type="number" name="beamSize" min="1" max="16" .value=${String(p.beamSize)} @change=${(e: Event) => this.setParam('beamSize', Number((e.target as HTMLInputElement).value))} /></label>` : nothing}
        <label
          >max length
          <input
            type="number"
            name="maxSteps"
            min="1"
            max="512"
            .value=${String(p.maxSteps)}
            @change=${(e: Event) => this.setParam('maxSteps', Number((e.target as HTMLInputElement).value))}
        /></label>
      </div>
      <textarea
        name="text"
        rows="2"
        aria-label="Input text"
        .value=${p.text}
        @change=${(e: Event) => this.setParam('text', (e.target as HTMLTextAreaElement).value)}
      ></textarea>
      ${errors.map((e) => html`<p class="error" role="alert">${e.message}</p>`)}
      ${st?.status === 'running' ? html`<p class="note">Generating…</p>` : nothing}
      ${st?.status === 'error' || st?.status === 'blocked' ? html`<p class="error" role="alert" data-run-error>${st.error}</p>` : nothing}
      ${g ? this.renderResult(g) : nothing}`;
  }
}

defineCellKind(
  {
    kind: 'generate',
    order: 60,
    tag: 't5-generate-cell',
    label: 'Generate',
    description: "Text in, text out for the model: greedy or beam search, each token's probability, cross-attention",
    defaultParams: () => ({ ...DEFAULTS }),
  },
  GenerateCell,
);
