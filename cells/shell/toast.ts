import { LitElement, html, css, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';

/**
 * `<t5-toast>`: feedback for what the user just did (saved a file, copied a share link,
 * exported figures), fixed to the bottom of the viewport so it is seen wherever the page is
 * scrolled — a banner at the page top was out of view. The text is the element's children
 * (slotted), so the page's own query and text stay where they were. It is a polite live region
 * (role=status) that exists before any message, so screen readers announce each new one. It
 * hides itself after `duration` ms (0: stays, for a share link to copy by hand, or an error),
 * waits while hovered or focused, and fires `toast-dismiss` when it goes or its × is pressed.
 */
export class Toast extends LitElement {
  /** The message shown; a new value restarts the timer (the text itself is the slotted content). */
  @property() message = '';
  /** Milliseconds before it hides itself; 0 = until dismissed. */
  @property({ type: Number }) duration = 6000;
  @property({ reflect: true }) tone: 'info' | 'error' = 'info';

  private timer: ReturnType<typeof setTimeout> | undefined;
  private held = false;

  static override styles = css`
    :host {
      position: fixed;
      left: 50%;
      bottom: 20px;
      transform: translateX(-50%);
      z-index: 40;
      max-width: min(720px, calc(100vw - 32px));
    }
    :host(:not([open])) {
      display: none;
    }
    .toast {
      display: flex;
      align-items: center;
      gap: 12px;
      padding: 10px 14px;
      border-radius: 10px;
      font-size: 13px;
      line-height: 1.4;
      background: #1f2a37;
      color: #fff;
      box-shadow: 0 8px 24px rgb(16 24 40 / 0.24);
    }
    :host([tone='error']) .toast {
      background: #8c0017;
    }
    .text {
      flex: 1;
      display: flex;
      gap: 10px;
      align-items: center;
      flex-wrap: wrap;
    }
    button {
      font: inherit;
      font-size: 16px;
      line-height: 1;
      border: 0;
      background: transparent;
      color: inherit;
      cursor: pointer;
      padding: 2px 6px;
      border-radius: 6px;
    }
    button:focus-visible {
      outline: 2px solid #fff;
      outline-offset: 1px;
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('role', 'status');
    this.setAttribute('aria-live', 'polite');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('message') || changed.has('duration')) {
      this.toggleAttribute('open', this.message !== '');
      this.arm();
    }
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.message === '' || this.duration <= 0 || this.held) return;
    this.timer = setTimeout(() => this.dismiss(), this.duration);
  }

  private hold(on: boolean): void {
    this.held = on;
    if (on) clearTimeout(this.timer);
    else this.arm();
  }

  /** Hides the toast and tells the page (which clears its message). */
  dismiss(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.dispatchEvent(new CustomEvent('toast-dismiss', { bubbles: true, composed: true }));
  }

  override render() {
    return html`<div
      class="toast"
      @mouseenter=${() => this.hold(true)}
      @mouseleave=${() => this.hold(this.matches(':focus-within'))}
      @focusin=${() => this.hold(true)}
      @focusout=${() => this.hold(false)}
    >
      <div class="text"><slot></slot></div>
      <button aria-label="Dismiss" title="Dismiss" @click=${() => this.dismiss()}>×</button>
    </div>`;
  }
}
customElements.define('t5-toast', Toast);

declare global {
  interface HTMLElementTagNameMap {
    't5-toast': Toast;
  }
}
