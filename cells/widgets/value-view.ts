import { html, nothing, type TemplateResult } from 'lit';
import { until } from 'lit/directives/until.js';
import * as tf from '@tensorflow/tfjs';
import './figure-toolbar.ts';

/**
 * How a code cell shows its value, like Observable's inspector: a DOM node as itself (an SVG or
 * Plot figure inside an exportable `<figure data-figure>`), an array of objects as a table, a
 * tensor by dtype, shape and values, anything else as JSON. Strings and all other data are
 * bound as text, never parsed as HTML, so a value such as `"<img onerror=…>"` stays inert.
 */
export function renderValue(value: unknown, name: string): TemplateResult | typeof nothing {
  if (typeof Node !== 'undefined' && value instanceof Node) return renderNode(value, name);
  if (value instanceof tf.Tensor) return renderTensor(value);
  if (isTable(value)) return renderTable(value);
  if (typeof value === 'string') return html`<pre class="value string">${value}</pre>`;
  if (typeof value === 'function') return html`<code class="value">ƒ ${value.name || 'anonymous'}(…)</code>`;
  if (value === undefined) return html`<code class="value muted">undefined</code>`;
  if (value === null || typeof value !== 'object')
    return html`<code class="value">${String(value)}${typeof value === 'bigint' ? 'n' : ''}</code>`;
  return html`<pre class="value json">${toJsonText(value)}</pre>`;
}

function renderNode(node: Node, name: string) {
  const isFigure =
    node instanceof SVGSVGElement ||
    (node instanceof Element && node.localName !== 'figure' && node.querySelector('svg') !== null) ||
    (node instanceof Element && node.localName === 'figure');
  if (!isFigure) return html`<div class="value node">${node}</div>`;
  // A Plot figure (an <svg>, or a <figure> with legends) becomes an exportable notebook figure.
  return html`<figure class="value" data-figure=${name}>${node}<t5-figure-toolbar></t5-figure-toolbar></figure>`;
}

const MAX_TENSOR_VALUES = 200;

function renderTensor(t: tf.Tensor) {
  const head = `Tensor ${t.dtype} [${t.shape.join(', ')}]`;
  if (t.isDisposed) return html`<code class="value">${head} (disposed)</code>`;
  if (t.size > MAX_TENSOR_VALUES) return html`<code class="value">${head}: ${t.size.toLocaleString('en-US')} values</code>`;
  // Read asynchronously: dataSync is not allowed on WebGPU.
  const values = t.array().then(
    (a) => toJsonText(a),
    () => '(disposed)',
  );
  return html`<div class="value">
    <code>${head}</code>
    <pre class="json">${until(values, '…')}</pre>
  </div>`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function isTable(v: unknown): v is Record<string, unknown>[] {
  return Array.isArray(v) && v.length > 0 && v.slice(0, 50).every(isPlainObject);
}

const MAX_ROWS = 100;

function cellText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && !Number.isInteger(v)) return String(Math.round(v * 1e6) / 1e6);
  if (v === null || typeof v !== 'object') return String(v);
  return toJsonText(v, 0);
}

function renderTable(rows: Record<string, unknown>[]) {
  const columns: string[] = [];
  for (const row of rows.slice(0, 50)) for (const k of Object.keys(row)) if (!columns.includes(k)) columns.push(k);
  const shown = rows.slice(0, MAX_ROWS);
  return html`<div class="value table-wrap">
    <table>
      <thead>
        <tr>
          <th class="n">#</th>
          ${columns.map((c) => html`<th scope="col">${c}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${shown.map(
          (row, i) =>
            html`<tr>
              <td class="n">${i}</td>
              ${columns.map((c) => html`<td>${cellText(row[c])}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
    ${rows.length > MAX_ROWS ? html`<p class="muted">…and ${(rows.length - MAX_ROWS).toLocaleString('en-US')} more rows (${rows.length.toLocaleString('en-US')} in all)</p>` : nothing}
  </div>`;
}

const MAX_JSON_CHARS = 20_000;

/** JSON for display: cycles, Maps, Sets, typed arrays and bigints shown rather than thrown on. */
export function toJsonText(value: unknown, indent = 2): string {
  const seen = new WeakSet<object>();
  let text: string;
  try {
    text =
      JSON.stringify(
        value,
        (_key, v: unknown) => {
          if (typeof v === 'bigint') return `${v}n`;
          if (typeof v === 'function') return `ƒ ${v.name || 'anonymous'}(…)`;
          if (v instanceof Map) return Object.fromEntries(v);
          if (v instanceof Set) return [...v];
          if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
          if (typeof v === 'object' && v !== null) {
            if (seen.has(v)) return '[shown above]';
            seen.add(v);
          }
          return v;
        },
        indent,
      ) ?? String(value);
  } catch (err) {
    text = `(cannot show this value: ${(err as Error).message})`;
  }
  return text.length > MAX_JSON_CHARS
    ? `${text.slice(0, MAX_JSON_CHARS)}\n… (${(text.length - MAX_JSON_CHARS).toLocaleString('en-US')} more characters)`
    : text;
}
