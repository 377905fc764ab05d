import { html, nothing } from 'lit';

/**
 * The message a cell shows inside itself when its stored parameters (an imported notebook, a
 * hand-edited file) have wrong-typed fields: each names the field's label, and the cell renders
 * with that field's default instead (parsed by the kind's schema in src/).
 */
export function paramErrorsView(messages: readonly string[]) {
  return messages.length
    ? html`<p class="error" role="alert" data-param-errors>${messages.join('; ')} — using the default instead.</p>`
    : nothing;
}
