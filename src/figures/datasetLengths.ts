import * as Plot from '@observablehq/plot';
import type { DatasetSummary, LengthRow } from '../data/datasetValue.ts';
import { FIGURE_SIZE, PALETTE, figureStyle } from '../plots/theme.ts';
import { withFigureData } from '../plots/figureRows.ts';
import type { FigureElement, FigureOptions } from './figureOptions.ts';

/** The 99th percentile of the row lengths: longer rows are not drawn (the caption says so). */
export function datasetLengthsCutoff(rows: readonly LengthRow[]): number {
  const sorted = rows.map((r) => r.chars).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
}

/**
 * Histogram of a dataset's row lengths in characters (documents, or inputs and targets
 * overlaid). The longest 1% is not drawn so one huge row does not squash the rest; the figure's
 * data rows hold every row.
 */
export function datasetLengthsFigure(
  rows: readonly LengthRow[],
  options: FigureOptions & { summary: Pick<DatasetSummary, 'kind' | 'name'> },
): FigureElement {
  const { summary } = options;
  const p99 = datasetLengthsCutoff(rows);
  const shown = rows.filter((r) => r.chars <= p99);
  const fields = summary.kind === 'task' ? ['input', 'target'] : ['document'];
  const plot = Plot.plot({
    document: options.document,
    ariaLabel: `Length of every ${summary.kind === 'task' ? 'input and target' : 'document'} of ${summary.name}, in characters`,
    style: figureStyle,
    width: FIGURE_SIZE.width,
    height: 200,
    marginLeft: 50,
    x: { label: 'length (characters)' },
    y: { label: 'rows', grid: true },
    color: { domain: fields, range: [PALETTE[0], PALETTE[1]], legend: fields.length > 1 },
    marks: [
      Plot.rectY(shown, Plot.binX<Plot.RectYOptions>({ y2: 'count' }, { x: 'chars', fill: 'field', fillOpacity: 0.6, thresholds: 40 })),
      Plot.ruleY([0]),
    ],
  });
  return withFigureData(plot, rows);
}

/** The caption under the dataset-lengths figure (the cell shows it; exports put it in the SVG's <desc>). */
export function datasetLengthsCaption(rows: readonly LengthRow[]): string {
  return `How long the rows are (the longest 1% beyond ${datasetLengthsCutoff(rows).toLocaleString('en-US')} characters are not drawn; the exported data has every row).`;
}
