/**
 * A figure as one stand-alone SVG file: the Observable Plot output of a `<figure>` (its `<svg>`
 * and its legends) re-composed into a single `<svg>` that needs nothing from the page. The page
 * CSS does not travel with an exported file, so computed fonts and colours are written out as
 * attributes; Plot's swatch legends are HTML, so they are re-drawn as SVG; ids are renumbered so
 * they are deterministic and unique. DOM only through parameters (the figure element).
 */
import { figureSlug } from './figureNames.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

export interface FontSpec {
  family: string;
  /** px */
  size: number;
  weight: string;
  style: string;
}

/** Width in px of `text` set in `font`. */
export type TextMeasure = (text: string, font: FontSpec) => number;

export interface StandaloneSvgOptions {
  /** Draw the figure's `<figcaption>` below the plot (default false: slides have their own). */
  caption?: boolean;
  /** Fill of the background rectangle (default white, as figures are drawn on screen). */
  background?: string;
  /** Empty space around the content, px (default 8: Plot lets axis labels overhang a little). */
  padding?: number;
  /**
   * Measures legend and caption text for layout. Default: a canvas 2D context of the figure's
   * document, i.e. the fonts this browser has; pass a fixed-width estimate for output that
   * does not depend on installed fonts (the golden tests do).
   */
  measureText?: TextMeasure;
  /** Prefix of the renumbered ids (default: the figure's `data-figure` name). */
  idPrefix?: string;
}

export interface StandaloneSvg {
  /** The SVG document, starting with `<svg xmlns="http://www.w3.org/2000/svg"`. */
  text: string;
  width: number;
  height: number;
  /** The figure's accessible name (from the plot's aria-label), also the SVG `<title>`. */
  title: string;
}

type Part = { kind: 'svg'; element: SVGSVGElement } | { kind: 'swatches'; element: HTMLElement };

/** Rounds coordinates so output is short and stable (no 0.30000000000000004 in golden files). */
function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function classEndsWith(element: Element, suffix: string): boolean {
  return [...element.classList].some((c) => c.endsWith(suffix));
}

/** The plot pieces of a figure in document order: outermost `<svg>`s and swatch legends. */
function figureParts(root: Element, parts: Part[] = []): Part[] {
  for (const child of root.children) {
    const name = child.localName;
    if (name === 'svg') parts.push({ kind: 'svg', element: child as SVGSVGElement });
    else if (classEndsWith(child, '-swatches')) parts.push({ kind: 'swatches', element: child as HTMLElement });
    // Captions are drawn separately (optional); custom elements (a toolbar) are page UI.
    else if (name !== 'figcaption' && name !== 'style' && name !== 'script' && !name.includes('-')) figureParts(child, parts);
  }
  return parts;
}

function fontOf(style: CSSStyleDeclaration): FontSpec {
  return { family: style.fontFamily, size: parseFloat(style.fontSize) || 10, weight: style.fontWeight, style: style.fontStyle };
}

/** Default {@link TextMeasure}: the browser's own metrics through a canvas of `doc`. */
export function canvasTextMeasure(doc: Document): TextMeasure {
  const context = doc.createElement('canvas').getContext('2d');
  return (text, font) => {
    if (!context) return text.length * font.size * 0.6;
    context.font = `${font.style} ${font.weight} ${font.size}px ${font.family}`;
    return context.measureText(text).width;
  };
}

/** Inherited text properties that page CSS may set and that an exported file must state. */
const TEXT_PROPERTIES = ['font-family', 'font-size', 'font-weight', 'font-style', 'color'] as const;

/**
 * Writes the computed text properties of `source` onto `target` as presentation attributes
 * wherever they differ from the parent's (only on containers and text: leaves inherit them).
 */
function inlineComputedText(source: Element, target: Element, parentStyle: CSSStyleDeclaration, view: Window): void {
  const style = view.getComputedStyle(source);
  for (const property of TEXT_PROPERTIES) {
    const value = style.getPropertyValue(property);
    if (value && value !== parentStyle.getPropertyValue(property)) target.setAttribute(property, value);
  }
  const sourceChildren = source.children;
  const targetChildren = target.children;
  for (let i = 0; i < sourceChildren.length; i++) {
    const child = sourceChildren[i];
    if (/^(g|text|tspan|a|svg|switch)$/.test(child.localName)) inlineComputedText(child, targetChildren[i], style, view);
  }
}

/** Parses `viewBox`, falling back to the element's size. */
function viewBoxOf(svg: SVGSVGElement, width: number, height: number): [number, number, number, number] {
  const values = (svg.getAttribute('viewBox') ?? '')
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  return values.length === 4 && values.every(Number.isFinite) ? (values as [number, number, number, number]) : [0, 0, width, height];
}

function svgSize(svg: SVGSVGElement): { width: number; height: number } {
  const rect = svg.getBoundingClientRect();
  const width = parseFloat(svg.getAttribute('width') ?? '') || rect.width;
  const height = parseFloat(svg.getAttribute('height') ?? '') || rect.height;
  return { width, height };
}

interface Placed {
  node: Element;
  width: number;
  height: number;
}

/**
 * An `<svg>` (the plot, or a ramp legend) as a `<g>`: a nested `<svg>` would pick up Plot's
 * `height: auto; max-width: 100%` rules from its own `<style>` and resize in a viewer.
 */
function svgAsGroup(svg: SVGSVGElement, out: XMLDocument, view: Window): Placed {
  const { width, height } = svgSize(svg);
  const [vx, vy, vw, vh] = viewBoxOf(svg, width, height);
  const group = out.createElementNS(SVG_NS, 'g');
  for (const name of ['class', 'fill', 'stroke', 'text-anchor', 'font-variant', 'aria-label', 'aria-description']) {
    const value = svg.getAttribute(name);
    if (value !== null) group.setAttribute(name, value);
  }
  const scale = vw && vh && (vw !== width || vh !== height) ? ` scale(${num(width / vw)} ${num(height / vh)})` : '';
  const shift = vx || vy ? ` translate(${num(-vx)} ${num(-vy)})` : '';
  if (scale || shift) group.setAttribute('transform', (scale + shift).trim());
  for (const child of svg.childNodes) group.append(out.importNode(child, true));
  // The root's computed text style (it carries Plot's `style` option) goes on the group itself.
  const style = view.getComputedStyle(svg);
  for (const property of TEXT_PROPERTIES) group.setAttribute(property, style.getPropertyValue(property));
  const sourceChildren = [...svg.children];
  const groupChildren = [...group.children];
  sourceChildren.forEach((child, i) => {
    if (/^(g|text|tspan|a|svg|switch)$/.test(child.localName)) inlineComputedText(child, groupChildren[i], style, view);
  });
  return { node: group, width, height };
}

/**
 * A swatch legend (HTML: one item per domain value, a small `<svg>` swatch then the label)
 * re-drawn as SVG, laid out like Plot's flex-wrap rows (or one item per row for `columns`).
 */
function swatchesAsGroup(legend: HTMLElement, out: XMLDocument, view: Window, maxWidth: number, measure: TextMeasure): Placed {
  const style = view.getComputedStyle(legend);
  const font = fontOf(style);
  const em = font.size;
  const columns = classEndsWith(legend, '-swatches-columns');
  const marginLeft = parseFloat(style.marginLeft) || 0;
  const items = [...legend.children].filter((c) => classEndsWith(c, '-swatch'));
  const group = out.createElementNS(SVG_NS, 'g');
  group.setAttribute('font-family', font.family);
  group.setAttribute('font-size', `${font.size}px`);
  if (font.weight !== '400') group.setAttribute('font-weight', font.weight);
  group.setAttribute('fill', style.color);
  group.setAttribute('text-anchor', 'start');

  interface Item {
    swatch: SVGSVGElement | null;
    label: string;
    w: number;
    h: number;
    textWidth: number;
  }
  const measured: Item[] = items.map((item) => {
    const swatch = item.querySelector('svg');
    const { width: w, height: h } = swatch ? svgSize(swatch) : { width: 0, height: 0 };
    const label = (item.textContent ?? '').trim();
    return { swatch, label, w, h, textWidth: measure(label, font) };
  });
  // Plot: swatch, 0.5em gap, label, 1em right margin; rows at least one text line high.
  const lineHeight = Math.max(...measured.map((m) => m.h), Math.ceil(em * 1.25)) + (columns ? 1 : 4);
  const rows: Item[][] = [];
  let x = marginLeft;
  for (const item of measured) {
    const advance = item.w + 0.5 * em + item.textWidth + em;
    if (!rows.length || columns || (x + advance - em > maxWidth && x > marginLeft)) {
      rows.push([]);
      x = marginLeft;
    }
    rows.at(-1)!.push(item);
    x += advance;
  }
  // Plot's wrap legends are at least 33px high, rows centred; then a 0.5em bottom margin.
  const rowsHeight = rows.length * lineHeight;
  const boxHeight = columns ? rowsHeight : Math.max(33, rowsHeight);
  let y = (boxHeight - rowsHeight) / 2 + lineHeight / 2;
  let width = 0;
  for (const row of rows) {
    x = marginLeft;
    for (const item of row) {
      if (item.swatch) {
        const swatch = out.importNode(item.swatch, true) as Element;
        swatch.setAttribute('x', num(x));
        swatch.setAttribute('y', num(y - item.h / 2));
        swatch.setAttribute('overflow', 'visible');
        group.append(swatch);
      }
      const text = out.createElementNS(SVG_NS, 'text');
      text.setAttribute('x', num(x + item.w + 0.5 * em));
      text.setAttribute('y', num(y));
      text.setAttribute('dy', '0.32em');
      text.textContent = item.label;
      group.append(text);
      x += item.w + 0.5 * em + item.textWidth + em;
      width = Math.max(width, x - em);
    }
    y += lineHeight;
  }
  return { node: group, width, height: boxHeight + 0.5 * em };
}

/** Greedy word wrap at `maxWidth`. */
function wrapLines(text: string, font: FontSpec, maxWidth: number, measure: TextMeasure): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next, font) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

function captionGroup(caption: Element, out: XMLDocument, view: Window, maxWidth: number, measure: TextMeasure): Placed {
  const style = view.getComputedStyle(caption);
  const font = fontOf(style);
  const lineHeight = parseFloat(style.lineHeight) || font.size * 1.25;
  const marginTop = parseFloat(style.marginTop) || 0;
  const group = out.createElementNS(SVG_NS, 'g');
  group.setAttribute('font-family', font.family);
  group.setAttribute('font-size', `${font.size}px`);
  group.setAttribute('fill', style.color);
  group.setAttribute('text-anchor', 'start');
  const lines = wrapLines(caption.textContent ?? '', font, maxWidth, measure);
  const text = out.createElementNS(SVG_NS, 'text');
  lines.forEach((line, i) => {
    const tspan = out.createElementNS(SVG_NS, 'tspan');
    tspan.setAttribute('x', '0');
    tspan.setAttribute('y', num(marginTop + lineHeight * (i + 0.5)));
    tspan.setAttribute('dy', '0.32em');
    tspan.textContent = line;
    text.append(tspan);
  });
  group.append(text);
  const width = Math.max(0, ...lines.map((l) => measure(l, font)));
  return { node: group, width, height: marginTop + lineHeight * lines.length };
}

const URL_REF = /url\(\s*(['"]?)#([^'")\s]+)\1\s*\)/g;

/**
 * Renumbers every id to `prefix-1`, `prefix-2`, … and rewrites `url(#…)` and `href="#…"`
 * references: Plot numbers clip paths with a page-wide counter, so ids would otherwise change
 * with every render and could clash when two exported figures are inlined into one page.
 */
function renumberIds(root: Element, prefix: string): void {
  const all = [root, ...root.querySelectorAll('*')];
  const ids = new Map<string, string>();
  for (const element of all) {
    const id = element.getAttribute('id');
    if (id !== null) {
      const fresh = `${prefix}-${ids.size + 1}`;
      ids.set(id, fresh);
      element.setAttribute('id', fresh);
    }
  }
  if (!ids.size) return;
  for (const element of all) {
    for (const attr of [...element.attributes]) {
      if (attr.name === 'id') continue;
      let value = attr.value.replace(URL_REF, (match, _q, id: string) => (ids.has(id) ? `url(#${ids.get(id)})` : match));
      if (attr.localName === 'href' && value.startsWith('#') && ids.has(value.slice(1))) value = `#${ids.get(value.slice(1))}`;
      if (value !== attr.value) element.setAttributeNS(attr.namespaceURI, attr.name, value);
    }
  }
}

/**
 * Gives xlink attributes their conventional `xlink:` prefix, declared on the root. D3 sets them
 * without a prefix, which XMLSerializer writes as `ns1:href`: valid XML, but the HTML parser
 * (an SVG pasted inline into a page) only knows `xlink:href`, and SVG 1.1 tools need xlink.
 */
function prefixXlink(root: Element): void {
  let used = false;
  for (const element of [root, ...root.querySelectorAll('*')]) {
    for (const attr of [...element.attributes]) {
      if (attr.namespaceURI !== XLINK_NS) continue;
      used = true;
      if (attr.prefix === 'xlink') continue;
      element.removeAttributeNS(XLINK_NS, attr.localName);
      element.setAttributeNS(XLINK_NS, `xlink:${attr.localName}`, attr.value);
    }
  }
  if (used) root.setAttributeNS(XMLNS_NS, 'xmlns:xlink', XLINK_NS);
}

/**
 * Drops comment nodes: Lit leaves `<!--?lit$123$-->` part markers in SVG it rendered (the model
 * diagram), with a number that changes on every page load, and a file has no use for them.
 */
function removeComments(root: Element): void {
  const walker = root.ownerDocument.createTreeWalker(root, 0x80 /* NodeFilter.SHOW_COMMENT */);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  for (const comment of comments) comment.parentNode?.removeChild(comment);
}

/** Builds the stand-alone SVG of a `<figure>` holding Observable Plot output. */
export function standaloneSvg(figure: Element, options: StandaloneSvgOptions = {}): StandaloneSvg {
  const doc = figure.ownerDocument;
  const view = doc.defaultView;
  if (!view) throw new Error('standaloneSvg needs a figure in a document with a window (for computed styles)');
  const measure = options.measureText ?? canvasTextMeasure(doc);
  const padding = options.padding ?? 8;
  const parts = figureParts(figure);
  if (!parts.some((p) => p.kind === 'svg')) throw new Error(`figure "${figure.getAttribute('data-figure') ?? ''}" has no <svg> to export`);

  const out = doc.implementation.createDocument(SVG_NS, 'svg', null);
  const root = out.documentElement;

  // The plots set the width that legends wrap to and captions fill.
  const svgs = parts.filter((p) => p.kind === 'svg').map((p) => svgSize(p.element as SVGSVGElement).width);
  const contentWidth = Math.max(...svgs);
  const placed = parts.map((part) =>
    part.kind === 'svg' ? svgAsGroup(part.element, out, view) : swatchesAsGroup(part.element, out, view, contentWidth, measure),
  );
  const captionElement = [...figure.children].find((c) => c.localName === 'figcaption') ?? figure.querySelector('figcaption');
  const captionText = captionElement?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  if (options.caption && captionElement && captionText) placed.push(captionGroup(captionElement, out, view, contentWidth, measure));

  const width = Math.ceil(Math.max(contentWidth, ...placed.map((p) => p.width)) + 2 * padding);
  const height = Math.ceil(placed.reduce((sum, p) => sum + p.height, 0) + 2 * padding);
  const title =
    parts.map((p) => p.element.getAttribute('aria-label')).find((label) => label) ??
    figure.getAttribute('aria-label') ??
    figure.getAttribute('data-figure') ??
    'figure';

  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  root.setAttribute('role', 'img');
  root.setAttribute('aria-label', title);
  const titleElement = out.createElementNS(SVG_NS, 'title');
  titleElement.textContent = title;
  root.append(titleElement);
  if (captionText) {
    const desc = out.createElementNS(SVG_NS, 'desc');
    desc.textContent = captionText;
    root.append(desc);
  }
  const background = out.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', String(width));
  background.setAttribute('height', String(height));
  background.setAttribute('fill', options.background ?? 'white');
  root.append(background);

  let y = padding;
  for (const part of placed) {
    const existing = part.node.getAttribute('transform');
    part.node.setAttribute('transform', `translate(${num(padding)} ${num(y)})${existing ? ` ${existing}` : ''}`);
    root.append(part.node);
    y += part.height;
  }
  removeComments(root);
  renumberIds(root, figureSlug(options.idPrefix ?? figure.getAttribute('data-figure')));
  prefixXlink(root);

  const text = new view.XMLSerializer().serializeToString(root);
  return { text, width, height, title };
}
