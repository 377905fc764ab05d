/**
 * The browser half of `npm run figures` (scripts/figures.mjs loads this module into the app page
 * once every cell has settled): walks the notebook's cell frames in order, exports each cell's
 * figures as stand-alone SVG and a 2× PNG in a fixed font, and describes them (and the cells that
 * made none) as a {@link FigureCatalog}. It composes existing export code; it renders nothing.
 */
import { findFigures, standaloneSvg, uniqueFigureNames } from '../../src/plots/figureExport.ts';
import { svgToPng } from '../../src/plots/rasterize.ts';
import { FIGURE_EXPORT_FONT, FIGURE_PNG_SCALE, skipReason, type CatalogFigure, type FigureCatalog } from '../../src/plots/figureCatalog.ts';
import type { NotebookDocument, CellSpec } from '../../src/notebook/notebookDocument.ts';
import { catalogEntry } from '../../src/figures/catalog.ts';
import { CACHED_EXPERIMENTS_DIR, type CachedExperiment } from '../../src/experiments/cachedExperiments.ts';
import { experimentSeedsFigure } from '../../src/figures/experimentSeeds.ts';

/** A catalogued figure with its file contents (PNG as base64, to cross into Node). */
export interface CollectedFigure extends CatalogFigure {
  svg: string;
  pngBase64?: string;
}

export interface CollectedFigureSet {
  catalog: FigureCatalog;
  figures: CollectedFigure[];
}

export interface CollectOptions {
  /** Also rasterise PNGs (default true; the determinism test compares SVGs only). */
  png?: boolean;
}

type AppLike = Element & { notebook?: NotebookDocument; backend?: { active: string } };
type FrameLike = HTMLElement & { cellId: string; status: string; message: string };

/** Every `t5-cell-frame` under `root`, in document order, looking inside shadow roots. */
export function cellFrames(root: ParentNode): FrameLike[] {
  const frames: FrameLike[] = [];
  const visit = (node: ParentNode) => {
    for (const element of node.children) {
      if (element.localName === 't5-cell-frame') frames.push(element as FrameLike);
      if (element.shadowRoot) visit(element.shadowRoot);
      visit(element);
    }
  };
  visit(root);
  return frames;
}

/**
 * Sets the export font on the figure's plot roots, legends and caption (not on text that
 * asked for a monospace face): Plot writes the theme's font stack inline, whose first installed
 * family varies between machines; the exported files must not.
 */
function fixFont(figure: Element): void {
  const view = figure.ownerDocument.defaultView;
  const targets = figure.querySelectorAll<HTMLElement | SVGElement>('svg, figcaption, [class$="-swatches"], [class*="-swatches "]');
  for (const element of targets) {
    const family = view?.getComputedStyle(element).fontFamily ?? '';
    if (!/mono/i.test(family)) element.style.setProperty('font-family', FIGURE_EXPORT_FONT, 'important');
  }
}

async function base64Of(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Exports every figure of the notebook shown by `app` (a `<t5lab-app>`), cell by cell. Call it
 * after the cells have settled: a cell still running is reported as skipped, not waited for.
 */
export async function collectNotebookFigures(app: AppLike, options: CollectOptions = {}): Promise<CollectedFigureSet> {
  const doc = app.notebook;
  if (!doc) throw new Error('collectNotebookFigures: the app has no notebook open');
  const specs = new Map<string, CellSpec>(doc.cells.map((c) => [c.id, c]));
  const frames = cellFrames(app.shadowRoot ?? app);
  const perCell = frames.map((frame) => ({ frame, spec: specs.get(frame.cellId), figures: findFigures(frame) }));
  // A figure name that several cells draw (two dataset cells) gets its cell id in front.
  const raw = perCell.flatMap((c) => c.figures.map((f) => ({ cellId: c.frame.cellId, name: f.getAttribute('data-figure') ?? '' })));
  const count = new Map<string, number>();
  for (const { name } of raw) count.set(name, (count.get(name) ?? 0) + 1);
  const names = uniqueFigureNames(raw.map(({ cellId, name }) => ((count.get(name) ?? 0) > 1 ? `${cellId}-${name}` : name)));

  const figures: CollectedFigure[] = [];
  const skipped: FigureCatalog['skipped'] = [];
  let n = 0;
  for (const { frame, spec, figures: cellFigures } of perCell) {
    const cellKind = spec?.kind ?? 'unknown';
    const reason = skipReason({ kind: cellKind, status: frame.status, message: frame.message ?? '', figureCount: cellFigures.length });
    if (reason) skipped.push({ cellId: frame.cellId, cellKind, reason });
    for (const figure of cellFigures) {
      const file = names[n++];
      fixFont(figure);
      const svg = standaloneSvg(figure, { idPrefix: file });
      const caption = (figure.querySelector('figcaption')?.textContent ?? '').replace(/\s+/g, ' ').trim();
      const name = figure.getAttribute('data-figure') ?? file;
      const drawnBy = catalogEntry(name)?.source;
      figures.push({
        file,
        figure: name,
        title: svg.title,
        caption,
        ...(drawnBy ? { drawnBy } : {}),
        cellId: frame.cellId,
        cellKind,
        params: { ...(spec?.params ?? {}) },
        width: svg.width,
        height: svg.height,
        svg: `${svg.text}\n`,
        pngBase64: options.png === false ? undefined : await base64Of(await svgToPng(svg, FIGURE_PNG_SCALE, figure.ownerDocument)),
      });
    }
  }
  const catalog: FigureCatalog = {
    notebook: { id: doc.id, title: doc.title, seed: doc.seed },
    backend: app.backend?.active ?? 'unknown',
    figures: figures.map(({ svg: _svg, pngBase64: _png, ...entry }) => entry),
    skipped,
  };
  return { catalog, figures };
}

/**
 * Draws the figure of each cached experiment result (src/experiments/cachedExperiments.ts) in `doc`
 * and exports it like a cell's figure; catalogued as cell `bench/experiments` of kind
 * `cached-experiment`, with the document's preset, budget and seeds as its parameters.
 */
export async function collectCachedExperimentFigures(
  cached: readonly CachedExperiment[],
  options: CollectOptions & { document?: Document } = {},
): Promise<CollectedFigure[]> {
  const doc = options.document ?? document;
  const out: CollectedFigure[] = [];
  for (const { source, file, report } of cached) {
    const figure = doc.createElement('figure');
    figure.setAttribute('data-figure', 'experiment-seeds');
    figure.append(experimentSeedsFigure(report, { document: doc }));
    const caption = doc.createElement('figcaption');
    caption.textContent = `${report.title || report.preset}: ${report.metric} per arm over seeds ${report.seeds.join(', ')} (${report.budget?.name ?? 'cell'} budget${report.backend ? `, ${report.backend}` : ''}); dots are seeds, the bar the 95% interval of the mean. Cached result ${source}.`;
    figure.append(caption);
    doc.body.append(figure);
    try {
      fixFont(figure);
      const svg = standaloneSvg(figure, { idPrefix: file });
      out.push({
        file,
        figure: 'experiment-seeds',
        title: svg.title,
        caption: caption.textContent,
        drawnBy: 'src/figures/experimentSeeds.ts',
        cellId: CACHED_EXPERIMENTS_DIR,
        cellKind: 'cached-experiment',
        params: { source, preset: report.preset, budget: report.budget?.name, seeds: report.seeds },
        width: svg.width,
        height: svg.height,
        svg: `${svg.text}\n`,
        pngBase64: options.png === false ? undefined : await base64Of(await svgToPng(svg, FIGURE_PNG_SCALE, doc)),
      });
    } finally {
      figure.remove();
    }
  }
  return out;
}
