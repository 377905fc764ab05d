import { html, nothing } from 'lit';
import type { T5Config } from '../../src/model/config.ts';
import { modelSourceText, tokenizerSourceText, type FollowedTokenizer, type NotebookUse } from '../../src/experiments/notebookValues.ts';

/**
 * The form controls of an experiment cell's notebook values: follow the notebook's seed (or use
 * the cell's own) and, where the experiment offers them, the notebook's model (or the budget's)
 * and the notebook's tokenizer (or bytes, the budget's).
 */
export function notebookUseControls(
  use: NotebookUse,
  setParam: (name: string, value: unknown) => void,
  opts: { offerModel: boolean; notebookModel?: Partial<T5Config>; notebookTokenizer?: FollowedTokenizer },
) {
  const own = use.seed !== undefined && use.seed !== 'notebook';
  return html`<label
      >seed
      <select
        name="seedSource"
        @change=${(e: Event) => setParam('seed', (e.target as HTMLSelectElement).value === 'notebook' ? 'notebook' : 1)}
      >
        <option value="notebook" ?selected=${!own}>the notebook's</option>
        <option value="own" ?selected=${own}>this cell's</option>
      </select></label
    >
    ${
      own
        ? html`<input
            type="number"
            name="seed"
            min="0"
            aria-label="this cell's seed"
            .value=${String(use.seed)}
            @change=${(e: Event) => {
              const v = Number((e.target as HTMLInputElement).value);
              if (Number.isInteger(v) && v >= 0) setParam('seed', v);
            }}
          />`
        : nothing
    }
    ${
      opts.offerModel
        ? html`<label
            >model
            <select name="modelSource" @change=${(e: Event) => setParam('model', (e.target as HTMLSelectElement).value)}>
              <option value="notebook" ?selected=${use.model === 'notebook'}>${modelSourceText('notebook', opts.notebookModel)}</option>
              <option value="budget" ?selected=${use.model !== 'notebook'}>the budget's</option>
            </select></label
          >`
        : nothing
    }
    <label
      >tokenizer
      <select name="tokenizerSource" @change=${(e: Event) => setParam('tokenizer', (e.target as HTMLSelectElement).value)}>
        <option value="notebook" ?selected=${use.tokenizer === 'notebook'}>
          ${tokenizerSourceText('notebook', opts.notebookTokenizer)}
        </option>
        <option value="bytes" ?selected=${use.tokenizer !== 'notebook'}>${tokenizerSourceText('bytes', undefined)}</option>
      </select></label
    >`;
}
