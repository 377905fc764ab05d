/**
 * A mounted buckets cell (default parameters, fixed page font), for the tests of what a cell
 * adds around its figures: the export toolbar, layout in the page, export of a live figure. The
 * golden files do not use it: they call the figure functions (goldenFigures.ts).
 */
import '../../../cells/kinds/buckets.ts';
import type { CellSpec } from '../../../src/notebook/notebookDocument.ts';

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

/** The cell's `figure[data-figure=name]`. */
export function bucketsFigure(cell: HTMLElement, name: string): Element {
  const figure = cell.shadowRoot?.querySelector(`figure[data-figure="${name}"]`);
  if (!figure) throw new Error(`no figure "${name}" in the buckets cell`);
  return figure;
}
