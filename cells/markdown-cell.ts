import { html, css } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { marked } from 'marked';
import DOMPurify from 'dompurify';
import { T5Cell } from './t5-cell.ts';
import { defineCellKind } from './registry.ts';

/**
 * Renders markdown sanitized by DOMPurify: notebooks are data from anywhere, so scripts, event
 * handlers and javascript: URLs in their text must never run.
 */
export function renderMarkdown(source: string): string {
  const raw = marked.parse(source, { async: false }) as string;
  return DOMPurify.sanitize(raw, { USE_PROFILES: { html: true } });
}

export class MarkdownCell extends T5Cell {
  readonly kind = 'markdown' as const;

  static override styles = [
    T5Cell.baseStyles,
    css`
      .md { line-height: 1.55; font-size: 15px; color: #1f2328; max-width: 72ch; }
      .md h1 { font-size: 26px; margin: 0 0 8px; letter-spacing: -0.01em; }
      .md h2 { font-size: 19px; margin: 4px 0 6px; }
      .md p { margin: 6px 0; }
      .md code { background: #f3f4f6; padding: 1px 4px; border-radius: 4px; font-size: 0.9em; }
      .md a { color: #0b63c5; }
    `,
  ];

  override render() {
    const source = String(this.spec?.params.source ?? '');
    return html`<div class="md">${unsafeHTML(renderMarkdown(source))}</div>`;
  }
}

defineCellKind(
  {
    kind: 'markdown',
    tag: 't5-markdown-cell',
    label: 'Markdown',
    description: 'Text, sanitized',
    defaultParams: () => ({ source: '' }),
  },
  MarkdownCell,
);
