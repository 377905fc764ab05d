import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { FigureRow } from '../../src/plots/figureData.ts';
import {
  downloadBlob,
  figureCsv,
  figureData,
  figureJson,
  figurePng,
  figureSlug,
  figureSvg,
  setFigureData,
} from '../../src/plots/figureExport.ts';

interface ExportItem {
  id: string;
  label: string;
  needsData: boolean;
  make: (figure: Element, name: string) => Promise<{ blob: Blob; filename: string }>;
}

const PNG_SCALES = [1, 2, 3] as const;

const ITEMS: ExportItem[] = [
  {
    id: 'svg',
    label: 'SVG',
    needsData: false,
    make: async (f, n) => ({ blob: new Blob([figureSvg(f)], { type: 'image/svg+xml' }), filename: `${n}.svg` }),
  },
  ...PNG_SCALES.map((scale) => ({
    id: `png-${scale}x`,
    label: `PNG ${scale}×`,
    needsData: false,
    make: async (f: Element, n: string) => ({ blob: await figurePng(f, scale), filename: scale === 1 ? `${n}.png` : `${n}@${scale}x.png` }),
  })),
  {
    id: 'csv',
    label: 'CSV',
    needsData: true,
    make: async (f, n) => ({ blob: new Blob([figureCsv(f)], { type: 'text/csv' }), filename: `${n}.csv` }),
  },
  {
    id: 'json',
    label: 'JSON',
    needsData: true,
    make: async (f, n) => ({ blob: new Blob([figureJson(f)], { type: 'application/json' }), filename: `${n}.json` }),
  },
];

/** What an export produced; sent as the detail of a bubbling `figure-exported` event. */
export interface FigureExportedDetail {
  format: string;
  filename: string;
  blob: Blob;
}

/**
 * `<t5-figure-toolbar>`, placed inside a `<figure data-figure="name">`: an "Export" menu button
 * (SVG, PNG 1×/2×/3×, CSV, JSON) in the figure's top-right corner. It stays out of the way
 * until the figure is hovered or focused, and is always shown where there is no hover (touch).
 * The menu follows the WAI-ARIA menu-button pattern: Enter/Space/↓ open it, ↑/↓/Home/End move,
 * Escape closes it and returns focus to the button.
 */
export class FigureToolbar extends LitElement {
  /** The figure's data rows; registered on the enclosing figure (same as `setFigureData`). */
  @property({ attribute: false }) data?: readonly FigureRow[];

  @state() private open = false;
  @state() private status = '';
  /** Reflected so the stylesheet can show the toolbar while the figure is hovered or focused. */
  @property({ type: Boolean, reflect: true }) active = false;

  static override styles = css`
    :host {
      position: absolute;
      top: 2px;
      right: 2px;
      z-index: 2;
      opacity: 0;
      transition: opacity 120ms ease-in-out;
      font:
        12px/1.3 system-ui,
        sans-serif;
    }
    :host([active]),
    :host(:focus-within) {
      opacity: 1;
    }
    @media (hover: none) {
      :host {
        opacity: 1;
      }
    }
    button {
      font: inherit;
      cursor: pointer;
    }
    .trigger {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      padding: 2px 8px;
      border: 1px solid #d0d4da;
      border-radius: 6px;
      background: rgb(255 255 255 / 0.92);
      color: #333;
    }
    .trigger:hover,
    .trigger[aria-expanded='true'] {
      background: #eef1f4;
    }
    button:focus-visible {
      outline: 2px solid #0072b2;
      outline-offset: 1px;
    }
    [role='menu'] {
      position: absolute;
      right: 0;
      top: calc(100% + 2px);
      margin: 0;
      padding: 4px;
      min-width: 7.5em;
      list-style: none;
      display: flex;
      flex-direction: column;
      background: #fff;
      border: 1px solid #d0d4da;
      border-radius: 6px;
      box-shadow: 0 4px 14px rgb(0 0 0 / 0.12);
    }
    [role='menuitem'] {
      text-align: left;
      padding: 4px 8px;
      border: 0;
      border-radius: 4px;
      background: none;
      color: #222;
      white-space: nowrap;
    }
    [role='menuitem']:hover,
    [role='menuitem']:focus {
      background: #eef1f4;
    }
    [role='menuitem'][aria-disabled='true'] {
      color: #999;
      cursor: default;
    }
    hr {
      border: 0;
      border-top: 1px solid #eceef1;
      margin: 3px 2px;
    }
    .status {
      position: absolute;
      right: 0;
      top: calc(100% + 2px);
      white-space: nowrap;
      padding: 2px 6px;
      border-radius: 4px;
      background: #fff;
      color: #555;
    }
    .status.error {
      color: #b00020;
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
  `;

  private figure: HTMLElement | null = null;

  private readonly show = () => {
    this.active = true;
  };
  private readonly hide = (event: Event) => {
    // focusout to an element still inside the figure is not leaving it.
    const next = (event as FocusEvent).relatedTarget as Node | null;
    if (event.type === 'focusout' && next && this.figure?.contains(next)) return;
    if (event.type === 'pointerleave' && this.figure?.matches(':focus-within')) return;
    this.active = false;
  };
  private readonly closeOnOutsidePointer = (event: Event) => {
    if (!event.composedPath().includes(this)) this.open = false;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.figure = this.closest('figure');
    const figure = this.figure;
    if (!figure) return;
    // The toolbar sits in the figure's corner, so the figure must be its containing block.
    if (getComputedStyle(figure).position === 'static') figure.style.position = 'relative';
    figure.addEventListener('pointerenter', this.show);
    figure.addEventListener('pointerleave', this.hide);
    figure.addEventListener('focusin', this.show);
    figure.addEventListener('focusout', this.hide);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    const figure = this.figure;
    figure?.removeEventListener('pointerenter', this.show);
    figure?.removeEventListener('pointerleave', this.hide);
    figure?.removeEventListener('focusin', this.show);
    figure?.removeEventListener('focusout', this.hide);
    this.ownerDocument.removeEventListener('pointerdown', this.closeOnOutsidePointer, true);
    this.figure = null;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('data') && this.data && this.figure) setFigureData(this.figure, this.data);
  }

  override updated(changed: PropertyValues): void {
    if (changed.has('open')) {
      if (this.open) this.ownerDocument.addEventListener('pointerdown', this.closeOnOutsidePointer, true);
      else this.ownerDocument.removeEventListener('pointerdown', this.closeOnOutsidePointer, true);
    }
  }

  /** The file-name stem: the figure's `data-figure` name made file-safe. */
  get figureName(): string {
    return figureSlug(this.figure?.getAttribute('data-figure'));
  }

  private get items(): HTMLButtonElement[] {
    return [...(this.renderRoot.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
  }

  private async openMenu(focus: 'first' | 'last') {
    this.open = true;
    this.status = '';
    await this.updateComplete;
    const items = this.items.filter((b) => b.getAttribute('aria-disabled') !== 'true');
    (focus === 'first' ? items[0] : items.at(-1))?.focus();
  }

  private closeMenu(refocus: boolean) {
    this.open = false;
    if (refocus) this.renderRoot.querySelector<HTMLButtonElement>('.trigger')?.focus();
  }

  private onTriggerKey(event: KeyboardEvent) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      void this.openMenu(event.key === 'ArrowDown' ? 'first' : 'last');
    }
  }

  private onTriggerClick() {
    if (this.open) this.closeMenu(false);
    else void this.openMenu('first');
  }

  private onMenuKey(event: KeyboardEvent) {
    const items = this.items.filter((b) => b.getAttribute('aria-disabled') !== 'true');
    const index = items.indexOf(this.renderRoot.querySelector(':focus') as HTMLButtonElement);
    const move = (i: number) => {
      event.preventDefault();
      items[(i + items.length) % items.length]?.focus();
    };
    switch (event.key) {
      case 'ArrowDown':
        move(index + 1);
        break;
      case 'ArrowUp':
        move(index < 0 ? items.length - 1 : index - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(items.length - 1);
        break;
      case 'Escape':
        event.preventDefault();
        this.closeMenu(true);
        break;
      case 'Tab':
        this.closeMenu(false);
        break;
    }
  }

  /** Runs one export: downloads the file and tells listeners (tests, the notebook) what it made. */
  async export(id: string): Promise<FigureExportedDetail | undefined> {
    const item = ITEMS.find((i) => i.id === id);
    const figure = this.figure;
    if (!item || !figure) return undefined;
    if (item.needsData && !figureData(figure)) return undefined;
    this.closeMenu(true);
    try {
      const { blob, filename } = await item.make(figure, this.figureName);
      downloadBlob(blob, filename, this.ownerDocument);
      const detail: FigureExportedDetail = { format: item.id, filename, blob };
      this.status = `Saved ${filename}`;
      this.dispatchEvent(new CustomEvent<FigureExportedDetail>('figure-exported', { detail, bubbles: true, composed: true }));
      return detail;
    } catch (err) {
      this.status = `Export failed: ${(err as Error).message}`;
      return undefined;
    }
  }

  override render() {
    const name = this.figureName;
    const hasData = this.figure ? figureData(this.figure) !== undefined : false;
    const item = (i: ExportItem) => {
      const disabled = i.needsData && !hasData;
      return html`<button
        role="menuitem"
        tabindex="-1"
        data-export=${i.id}
        aria-label=${`Download ${name} as ${i.label}${disabled ? ' (no data registered)' : ''}`}
        aria-disabled=${disabled ? 'true' : 'false'}
        @click=${() => {
          if (!disabled) void this.export(i.id);
        }}
      >
        ${i.label}
      </button>`;
    };
    return html`
      <button
        class="trigger"
        aria-haspopup="menu"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls=${this.open ? 'menu' : nothing}
        aria-label=${`Export figure ${name}`}
        title="Export figure"
        @click=${this.onTriggerClick}
        @keydown=${this.onTriggerKey}
      >
        <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5">
          <path d="M6 1v7M3 5l3 3 3-3M1.5 10.5h9" />
        </svg>
        Export
      </button>
      ${
        this.open
          ? html`<div role="menu" id="menu" aria-label=${`Export ${name}`} @keydown=${this.onMenuKey}>
              ${item(ITEMS[0])}
              <hr role="separator" />
              ${ITEMS.slice(1, 4).map(item)}
              <hr role="separator" />
              ${ITEMS.slice(4).map(item)}
            </div>`
          : nothing
      }
      <div role="status" class=${!this.open && this.status.startsWith('Export failed') ? 'status error' : 'visually-hidden'}>
        ${this.status}
      </div>
    `;
  }
}

if (!customElements.get('t5-figure-toolbar')) customElements.define('t5-figure-toolbar', FigureToolbar);
