/**
 * The dataset cell's length histogram, drawn from bins computed where the rows are
 * (src/data/lengthBins.ts, in the upload worker for a user's file): the page draws ~40 bars per
 * field and never sees one length per row. Rows beyond the 99th percentile are not drawn, so one
 * huge row does not squash the rest; the figure's data rows are the bins.
 */
import * as Plot from '@observablehq/plot';
import type { DatasetSummary, LengthRow } from '../data/datasetValue.ts';
import type { LengthBins } from '../data/lengthBins.ts';
import { FIGURE_SIZE, PALETTE, figureStyle } from '../plots/theme.ts';
import { withFigureData } from '../plots/figureRows.ts';
import type { FigureElement, FigureOptions } from './figureOptions.ts';

/** Histogram of a dataset's row lengths in characters from its bins (documents, or inputs and targets overlaid). */
export function datasetLengthsFigure(
  lengths: LengthBins,
  options: FigureOptions & { summary: Pick<DatasetSummary, 'kind' | 'name'> },
): FigureElement {
  const { summary } = options;
  const fields = lengths.fields;
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
      Plot.rectY(lengths.bins, { x1: 'x0', x2: 'x1', y: 'count', fill: 'field', fillOpacity: 0.6, insetLeft: 0.5, insetRight: 0.5 }),
      Plot.ruleY([0]),
    ],
  });
  return withFigureData(plot, lengths.bins);
}

/** The caption under the dataset-lengths figure (the cell shows it; exports put it in the SVG's <desc>). */
export function datasetLengthsCaption(lengths: LengthBins): string {
  return `How long the rows are (${lengths.total.toLocaleString('en-US')} lengths; the longest 1% beyond ${lengths.cutoff.toLocaleString('en-US')} characters are not drawn; the exported data holds the bins).`;
}

/** The 99th percentile of the row lengths (the cutoff `binLengthArrays` applies), from unbinned rows. */
export function datasetLengthsCutoff(rows: readonly LengthRow[]): number {
  const sorted = rows.map((r) => r.chars).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
}
