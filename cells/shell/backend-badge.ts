import { LitElement, html, css, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { BACKEND_ORDER, type BackendDecision } from '../../src/backend/backendChoice.ts';

/**
 * Shows the active tfjs backend and why it was chosen, and lets the user force another one
 * (recorded in the URL as ?backend=, so a shared link reproduces the choice).
 */
export class BackendBadge extends LitElement {
  @property({ attribute: false }) decision?: BackendDecision;
  @property() error = '';

  static override styles = css`
    :host {
      display: inline-flex;
      align-items: center;
      gap: 8px;
      font-size: 12px;
      color: #4a5058;
    }
    .pill {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      padding: 3px 10px;
      border-radius: 999px;
      background: #eef6ee;
      color: #1e6b2a;
      font-weight: 600;
    }
    .pill.pending {
      background: #eef1f4;
      color: #5b616b;
    }
    .pill.error {
      background: #fdecec;
      color: #b00020;
    }
    .dot {
      width: 7px;
      height: 7px;
      border-radius: 50%;
      background: currentColor;
    }
    select {
      font: inherit;
      padding: 2px 4px;
      border: 1px solid #d0d4da;
      border-radius: 6px;
      background: #fff;
    }
  `;

  private onChange(e: Event) {
    const value = (e.target as HTMLSelectElement).value;
    const url = new URL(location.href);
    if (value === 'auto') url.searchParams.delete('backend');
    else url.searchParams.set('backend', value);
    location.assign(url.toString());
  }

  override render() {
    const d = this.decision;
    const detail = d?.probes.find((p) => p.name === d.active)?.detail;
    const pill = this.error
      ? html`<span class="pill error" data-backend="none" title=${this.error}><span class="dot"></span>no backend</span>`
      : d
        ? html`<span class="pill" data-backend=${d.active} title=${`${d.why}${detail ? ` (${detail})` : ''}`}
            ><span class="dot"></span>${d.active}${detail ? html`<span style="font-weight:400"> · ${detail}</span>` : nothing}</span
          >`
        : html`<span class="pill pending" data-backend="pending"><span class="dot"></span>choosing backend…</span>`;
    return html`${pill}
      <label
        >backend
        <select aria-label="tfjs backend" @change=${this.onChange} .value=${d?.requested ?? 'auto'}>
          ${['auto', ...BACKEND_ORDER].map((b) => html`<option value=${b} ?selected=${(d?.requested ?? 'auto') === b}>${b}</option>`)}
        </select>
      </label>`;
  }
}
customElements.define('t5-backend-badge', BackendBadge);
