/**
 * Figure export, the one piece every cell uses: a `<figure data-figure="name">` holding
 * Observable Plot output becomes a stand-alone SVG, a PNG at 1×/2×/3×, its data as CSV/JSON
 * (rows registered with `setFigureData`/`withFigureData`), and all figures together one zip.
 * DOM only through parameters: callers pass the figure elements.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { toCsv, toJson, type FigureRow } from './figureData.ts';
import { figureData } from './figureRows.ts';
import { uniqueFigureNames } from './figureNames.ts';
import { standaloneSvg, type StandaloneSvgOptions } from './standaloneSvg.ts';
import { svgToPng } from './rasterize.ts';
import { downloadBlob } from './download.ts';

export { setFigureData, withFigureData, figureData } from './figureRows.ts';
export { standaloneSvg, type StandaloneSvg, type StandaloneSvgOptions } from './standaloneSvg.ts';
export { downloadBlob };
export { uniqueFigureNames, figureSlug } from './figureNames.ts';

export type ExportFormat = 'svg' | 'png' | 'csv' | 'json';

/** The stand-alone SVG text of a figure. */
export function figureSvg(figure: Element, options?: StandaloneSvgOptions): string {
  return standaloneSvg(figure, options).text;
}

/** The figure as a PNG `scale` times its CSS-pixel size (1, 2 or 3 in the toolbar). */
export function figurePng(figure: Element, scale: number, options?: StandaloneSvgOptions): Promise<Blob> {
  return svgToPng(standaloneSvg(figure, options), scale, figure.ownerDocument);
}

function requireRows(figure: Element): readonly FigureRow[] {
  const rows = figureData(figure);
  if (!rows) throw new Error(`figure "${figure.getAttribute('data-figure') ?? ''}" has no registered data (setFigureData)`);
  return rows;
}

/** The figure's data rows as RFC 4180 CSV; throws when the figure registered no data. */
export function figureCsv(figure: Element): string {
  return toCsv(requireRows(figure));
}

/** The figure's data rows as JSON; throws when the figure registered no data. */
export function figureJson(figure: Element): string {
  return toJson(requireRows(figure));
}

/** Every `figure[data-figure]` under `root` in document order, looking inside open shadow roots (cells are Lit elements). */
export function findFigures(root: ParentNode): Element[] {
  const found: Element[] = [];
  const visit = (node: ParentNode) => {
    for (const element of node.children) {
      if (element.localName === 'figure' && element.hasAttribute('data-figure')) found.push(element);
      if (element.shadowRoot) visit(element.shadowRoot);
      visit(element);
    }
  };
  visit(root);
  return found;
}

/**
 * One zip of all figures: `name.svg`, `name@2x.png` and, for figures with data, `name.csv` and
 * `name.json`; names come from `data-figure`, made file-safe and unique.
 */
export async function exportAllFigures(figures: readonly Element[], options?: StandaloneSvgOptions): Promise<Blob> {
  const names = uniqueFigureNames(figures.map((f) => f.getAttribute('data-figure')));
  const files: Zippable = {};
  for (const [i, figure] of figures.entries()) {
    const name = names[i];
    const svg = standaloneSvg(figure, { idPrefix: name, ...options });
    files[`${name}.svg`] = strToU8(svg.text);
    const png = await svgToPng(svg, 2, figure.ownerDocument);
    // PNG is already deflated: storing it saves time and loses nothing.
    files[`${name}@2x.png`] = [new Uint8Array(await png.arrayBuffer()), { level: 0 }];
    const rows = figureData(figure);
    if (rows) {
      files[`${name}.csv`] = strToU8(toCsv(rows));
      files[`${name}.json`] = strToU8(toJson(rows));
    }
  }
  return new Blob([zipSync(files)], { type: 'application/zip' });
}

/** "Export all figures": zips every figure under `root` (see {@link findFigures}) and downloads it. */
export async function downloadAllFigures(root: ParentNode, doc: Document, filename = 't5lab-figures.zip'): Promise<number> {
  const figures = findFigures(root);
  if (!figures.length) return 0;
  downloadBlob(await exportAllFigures(figures), filename, doc);
  return figures.length;
}
