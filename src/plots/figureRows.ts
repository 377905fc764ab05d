/**
 * Which data a figure was drawn from. A cell registers the rows of each figure on the element
 * (the `<figure>` itself, or the plot element it puts inside one) so that exports can offer the
 * data next to the picture without knowing anything about the cell. DOM only through parameters.
 */
import type { FigureRow } from './figureData.ts';

const rowsByElement = new WeakMap<Element, readonly FigureRow[]>();

/** Registers (or replaces) the data rows of a figure element. */
export function setFigureData(element: Element, rows: readonly FigureRow[]): void {
  rowsByElement.set(element, rows);
}

/**
 * Registers `rows` on `element` and returns the element, so a cell can write
 * `withFigureData(Plot.plot({...}), rows)` where it builds the plot.
 */
export function withFigureData<E extends Element>(element: E, rows: readonly FigureRow[]): E {
  setFigureData(element, rows);
  return element;
}

/**
 * The rows registered on `figure` or, failing that, on one of its children (where a plot
 * registered with {@link withFigureData} sits); undefined when the figure has no data.
 */
export function figureData(figure: Element): readonly FigureRow[] | undefined {
  const own = rowsByElement.get(figure);
  if (own) return own;
  for (const child of figure.children) {
    const rows = rowsByElement.get(child);
    if (rows) return rows;
  }
  return undefined;
}
