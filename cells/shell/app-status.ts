import { LitElement, html, css, nothing } from 'lit';
import { state, query } from 'lit/decorators.js';
import { applyUpdate, watchPwa, type PwaState } from './pwa.ts';
import type { AboutData } from '../widgets/about-data.ts';
import '../widgets/about-data.ts';

/**
 * The header's app status: "offline" while the browser has no network (the app keeps working
 * from the service worker's cache), "update available — reload" when a new build is waiting,
 * and the "About / data licences" button.
 */
export class AppStatus extends LitElement {
  @state() private online = navigator.onLine;
  @state() private pwa?: PwaState;
  @query('t5-about-data') private about?: AboutData;
  private unwatch?: () => void;

  static override styles = css`
    :host {
      display: inline-flex;
      gap: 6px;
      align-items: center;
      font:
        12px system-ui,
        sans-serif;
    }
    .pill {
      padding: 2px 9px;
      border-radius: 999px;
      border: 1px solid transparent;
    }
    .offline {
      background: #fff4e5;
      border-color: #f0c27a;
      color: #7a4a00;
    }
    button {
      font: inherit;
      padding: 2px 9px;
      border-radius: 999px;
      border: 1px solid #d0d4da;
      background: #fff;
      color: #2b3038;
      cursor: pointer;
    }
    button.update {
      background: #0b63c5;
      border-color: #0b63c5;
      color: #fff;
    }
  `;

  private readonly onNetwork = () => {
    this.online = navigator.onLine;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('online', this.onNetwork);
    addEventListener('offline', this.onNetwork);
    this.unwatch = watchPwa((s) => {
      this.pwa = s;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('online', this.onNetwork);
    removeEventListener('offline', this.onNetwork);
    this.unwatch?.();
  }

  override render() {
    const ready = this.pwa?.offlineReady;
    return html`
      ${
        this.online
          ? nothing
          : html`<span
              class="pill offline"
              role="status"
              data-status="offline"
              title=${ready ? 'No network: t5lab keeps working from its offline copy' : 'No network, and the offline copy is not ready yet'}
              >offline</span
            >`
      }
      ${
        this.pwa?.updateWaiting
          ? html`<button
              class="update"
              data-action="update"
              title="A new version of t5lab is ready. Your notebooks, runs and checkpoints are kept."
              @click=${() => void applyUpdate()}
            >
              update available — reload
            </button>`
          : nothing
      }
      <button data-action="about" title="About t5lab and the licences of its bundled data" @click=${() => this.about?.show()}>
        About / data licences
      </button>
      <t5-about-data></t5-about-data>
    `;
  }
}
customElements.define('t5-app-status', AppStatus);
