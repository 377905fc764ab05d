/**
 * The figures behind the golden SVG files, rendered the same way by the golden test and by
 * scripts/update-golden.mjs (which writes them): the buckets and mixing cells with their default parameters,
 * exported with a fixed-width text measure so legend layout does not depend on installed fonts.
 */
import '../../../cells/buckets-cell.ts';
import '../../../cells/mixing-cell.ts';
import { standaloneSvg, type TextMeasure } from '../../../src/plots/standaloneSvg.ts';
import type { CellSpec } from '../../../src/notebook/notebookDocument.ts';

/** 0.6 em per character: a monospace-like estimate, the same on every machine. */
export const fixedWidthMeasure: TextMeasure = (text, font) => text.length * font.size * 0.6;

/** Golden file name (without `.svg`) → how it is exported. */
export const GOLDEN_EXPORTS = {
  'bucket-curve': { figure: 'bucket-curve', caption: false },
  'bucket-grid': { figure: 'bucket-grid', caption: false },
  'bucket-curve-caption': { figure: 'bucket-curve', caption: true },
} as const;

/** Golden exports of the mixing cell (default parameters: the paper's 23 tasks, K = 2^19). */
export const MIXING_GOLDEN_EXPORTS = {
  'mixing-rates-vs-k': { figure: 'mixing-rates-vs-k', caption: false },
} as const;

export type GoldenName = keyof typeof GOLDEN_EXPORTS | keyof typeof MIXING_GOLDEN_EXPORTS;

type LitLike = HTMLElement & { spec: CellSpec; updateComplete: Promise<unknown> };

/** Mounts a buckets cell (default parameters) in a container with a fixed page font. */
export async function mountBucketsCell(doc: Document = document): Promise<{ cell: LitLike; remove: () => void }> {
  const host = doc.createElement('div');
  host.style.font = '13px/1.5 system-ui, sans-serif';
  host.style.width = '1000px';
  const cell = doc.createElement('t5-buckets-cell') as LitLike;
  cell.spec = { id: 'golden', kind: 'buckets', params: { numBuckets: 32, maxDistance: 128, gridLength: 40 } };
  host.append(cell);
  doc.body.append(host);
  await cell.updateComplete;
  return { cell, remove: () => host.remove() };
}

export function bucketsFigure(cell: HTMLElement, name: string): Element {
  const figure = cell.shadowRoot?.querySelector(`figure[data-figure="${name}"]`);
  if (!figure) throw new Error(`no figure "${name}" in the buckets cell`);
  return figure;
}

/** Renders every golden figure and returns name → stand-alone SVG text. */
export async function renderGoldenSvgs(doc: Document = document): Promise<Record<GoldenName, string>> {
  const { cell, remove } = await mountBucketsCell(doc);
  try {
    const out = {} as Record<GoldenName, string>;
    for (const [name, spec] of Object.entries(GOLDEN_EXPORTS) as [keyof typeof GOLDEN_EXPORTS, (typeof GOLDEN_EXPORTS)[keyof typeof GOLDEN_EXPORTS]][]) {
      out[name] = standaloneSvg(bucketsFigure(cell, spec.figure), { caption: spec.caption, measureText: fixedWidthMeasure }).text + '\n';
    }
    Object.assign(out, await renderMixingGoldenSvgs(doc));
    return out;
  } finally {
    remove();
  }
}

/** The mixing cell's golden figures, rendered from its default parameters without a runtime. */
async function renderMixingGoldenSvgs(doc: Document): Promise<Record<keyof typeof MIXING_GOLDEN_EXPORTS, string>> {
  const host = doc.createElement('div');
  host.style.font = '13px/1.5 system-ui, sans-serif';
  host.style.width = '1000px';
  const cell = doc.createElement('t5-mixing-cell') as LitLike;
  cell.spec = { id: 'golden', kind: 'mixing', params: { strategy: 'proportional', log2K: 19, T: 2, paperTasks: true, userSizes: {}, includeTask: false } };
  host.append(cell);
  doc.body.append(host);
  try {
    await cell.updateComplete;
    const out = {} as Record<keyof typeof MIXING_GOLDEN_EXPORTS, string>;
    for (const [name, spec] of Object.entries(MIXING_GOLDEN_EXPORTS) as [keyof typeof MIXING_GOLDEN_EXPORTS, (typeof MIXING_GOLDEN_EXPORTS)[keyof typeof MIXING_GOLDEN_EXPORTS]][]) {
      const figure = cell.shadowRoot?.querySelector(`figure[data-figure="${spec.figure}"]`);
      if (!figure) throw new Error(`no figure "${spec.figure}" in the mixing cell`);
      out[name] = standaloneSvg(figure, { caption: spec.caption, measureText: fixedWidthMeasure }).text + '\n';
    }
    return out;
  } finally {
    host.remove();
  }
}

/**
 * What the golden comparison ignores: the bytes of embedded PNGs (Plot draws colour ramps to a
 * canvas and embeds `toDataURL()`, whose encoding may change between Chromium versions while
 * the SVG around it does not).
 */
export function normaliseSvg(svg: string): string {
  return svg.replace(/data:image\/png;base64,[A-Za-z0-9+/=]+/g, 'data:image/png;base64,…').replace(/\r\n/g, '\n');
}
