import { html, css, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { sanitizeMarkdownHtml } from '../widgets/markdown-sanitize.ts';
import { markdownCellParams } from '../../src/notebook/sourceCellParams.ts';
import { paramErrorsView } from '../widgets/param-errors.ts';
import { T5Cell } from '../widgets/t5-cell.ts';
import { defineCellKind } from '../shell/registry.ts';
import '../widgets/code-editor.ts';

/**
 * marked and KaTeX (about a third of a megabyte) load as their own chunk, started as soon as this
 * module runs, so they do not hold up the page's first paint; until they arrive a cell shows
 * its source as plain text and re-renders when they do (a few milliseconds on a first visit).
 */
let markdownMath: typeof import('../../src/notebook/markdownMath.ts') | undefined;
/** Resolves when markdown (with math) can be rendered; `renderMarkdown` needs it. */
export const markdownReady: Promise<void> = import('../../src/notebook/markdownMath.ts').then((m) => {
  markdownMath = m;
});

/**
 * Renders markdown (with `$…$` / `$$…$$` math as MathML) sanitized by DOMPurify
 * (cells/widgets/markdown-sanitize.ts): notebooks are data from anywhere, so their text never runs code,
 * never fetches anything and never restyles the page. Sanitizing comes last, after KaTeX, so
 * math cannot smuggle anything in either.
 */
export function renderMarkdown(source: string): string {
  if (!markdownMath) throw new Error('renderMarkdown: markdown is still loading (await markdownReady)');
  return sanitizeMarkdownHtml(markdownMath.markdownToHtml(source));
}

/** Prose. Double-click (or Enter on the focused text) to edit; Shift+Enter or Done to finish. */
export class MarkdownCell extends T5Cell {
  readonly kind = 'markdown' as const;

  /** Set by the notebook view (`?hide=code`): no editing. */
  @property({ type: Boolean }) hideSource = false;
  @state() private editing = false;

  static override styles = [
    T5Cell.baseStyles,
    css`
      /* Contained: whatever the (sanitized) markdown holds paints inside this box, never over
         the page (a position:fixed descendant is positioned and clipped against it). */
      .md {
        contain: paint;
        overflow: hidden;
        position: relative;
        isolation: isolate;
        line-height: 1.55;
        font-size: var(--t5-prose-size, 15px);
        color: #1f2328;
        max-width: 72ch;
      }
      .md h1 {
        font-size: 1.75em;
        margin: 0 0 8px;
        letter-spacing: -0.01em;
      }
      .md h2 {
        font-size: 1.27em;
        margin: 4px 0 6px;
      }
      .md p {
        margin: 6px 0;
      }
      .md code {
        background: #f3f4f6;
        padding: 1px 4px;
        border-radius: 4px;
        font-size: 0.9em;
      }
      .md a {
        color: #0b63c5;
      }
      .md math {
        font-size: 1.08em;
      }
      .md .math-display {
        margin: 10px 0;
        overflow-x: auto;
      }
      .md img {
        max-width: 100%;
      }
      .md img[data-blocked] {
        display: inline-block;
        border: 1px dashed #c4c8cf;
        padding: 2px 6px;
        color: #5b616b;
        font-size: 0.85em;
      }
      .md .katex-error {
        font-family: ui-monospace, monospace;
        font-size: 0.9em;
      }
      .md.empty {
        color: #8a8f98;
        font-style: italic;
      }
      .edit {
        display: grid;
        gap: 6px;
        margin: 22px 0 10px;
      }
      .edit-bar {
        display: flex;
        gap: 8px;
        align-items: center;
        font-size: 12px;
        color: #5b616b;
      }
      .edit-bar button {
        font: inherit;
        padding: 2px 10px;
        border: 1px solid #d0d4da;
        border-radius: 6px;
        background: #fff;
        cursor: pointer;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    if (!markdownMath) void markdownReady.then(() => this.requestUpdate());
  }

  override willUpdate(changed: PropertyValues<this>): void {
    // A new, empty text cell opens ready to type into.
    if (changed.has('spec') && !changed.get('spec') && !this.source.trim() && !this.hideSource) this.editing = true;
    if (this.hideSource) this.editing = false;
  }

  /** The source; one that is not text is shown as wrong (see render). */
  get source(): string {
    return markdownCellParams(this.spec?.params ?? {}).value.source;
  }

  /** Opens the editor (Enter on a selected cell, a new cell) and focuses it. */
  override focus(): void {
    if (!this.editing) return this.startEditing();
    this.renderRoot.querySelector<HTMLElement>('t5-code-editor')?.focus();
  }

  private startEditing() {
    if (this.hideSource || this.editing) return;
    this.editing = true;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('t5-code-editor')?.focus());
  }

  private finish() {
    const editor = this.renderRoot.querySelector<HTMLElement & { draft: string }>('t5-code-editor');
    if (editor && editor.draft !== this.source) this.setParam('source', editor.draft);
    this.editing = false;
  }

  private onKey(e: KeyboardEvent) {
    if (e.key === 'Escape' || (e.key === 'Enter' && e.shiftKey)) {
      e.preventDefault();
      e.stopPropagation();
      this.finish();
      // Back to command mode on this cell (the editor that had focus is gone).
      if (e.key === 'Escape') this.closest<HTMLElement>('t5-cell-frame')?.focus();
    }
  }

  override render() {
    const source = this.source;
    return html`
      ${paramErrorsView(markdownCellParams(this.spec?.params ?? {}).messages)}
      ${
        this.editing
          ? html`<div class="edit" @keydown=${this.onKey}>
              <t5-code-editor
                language="text"
                .value=${source}
                label="Markdown source"
                @code-commit=${(e: CustomEvent<{ value: string }>) => {
                  e.stopPropagation();
                  this.setParam('source', e.detail.value);
                }}
              ></t5-code-editor>
              <div class="edit-bar">
                <button @click=${() => this.finish()}>Done</button><span>Markdown with $math$ · Shift+Enter to finish</span>
              </div>
            </div>`
          : nothing
      }
      <div
        class="md ${source.trim() ? '' : 'empty'}"
        @dblclick=${() => this.startEditing()}
        title=${this.hideSource ? '' : 'Double-click to edit'}
      >
        ${
          source.trim()
            ? markdownMath
              ? unsafeHTML(renderMarkdown(source))
              : html`<p data-markdown-pending>${source}</p>`
            : this.editing
              ? nothing
              : 'Empty text cell: double-click to write.'
        }
      </div>
    `;
  }
}

defineCellKind(
  {
    kind: 'markdown',
    order: 10,
    tag: 't5-markdown-cell',
    label: 'Text',
    description: 'Markdown with $math$, sanitized',
    defaultParams: () => ({ source: '' }),
  },
  MarkdownCell,
);
