/**
 * The dataset cell's length histogram drawn from bins computed where the rows are (src/data/lengthBins.ts,
 * in the upload worker for a user's file): the page draws ~40 bars per field and never sees one
 * length per row. Looks like `datasetLengthsFigure` (same thresholds rule, cutoff and colours); the
 * figure's data rows are the bins.
 */
import * as Plot from '@observablehq/plot';
import type { DatasetSummary } from '../data/datasetValue.ts';
import type { LengthBins } from '../data/lengthBins.ts';
import { FIGURE_SIZE, PALETTE, figureStyle } from '../plots/theme.ts';
import { withFigureData } from '../plots/figureRows.ts';
import type { FigureElement, FigureOptions } from './figureOptions.ts';

/** Histogram of a dataset's row lengths in characters from its bins (documents, or inputs and targets overlaid). */
export function datasetLengthBinsFigure(
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

/** The caption under the binned dataset-lengths figure. */
export function datasetLengthBinsCaption(lengths: LengthBins): string {
  return `How long the rows are (${lengths.total.toLocaleString('en-US')} lengths; the longest 1% beyond ${lengths.cutoff.toLocaleString('en-US')} characters are not drawn; the exported data holds the bins).`;
}
