import { html, type TemplateResult } from 'lit';
import * as Plot from '@observablehq/plot';
import type { DatasetSummary, LengthRow } from '../../src/data/datasetValue.ts';
import { FIGURE_SIZE, PALETTE, figureStyle } from '../../src/plots/theme.ts';
import { withFigureData } from '../../src/plots/figureRows.ts';
import '../widgets/figure-toolbar.ts';

/**
 * The dataset cell's histogram of row lengths (documents, or inputs and targets overlaid). The
 * longest 1% is not drawn so one huge row does not squash the rest; the exported data has all.
 */
export function datasetLengthFigure(rows: readonly LengthRow[], summary: DatasetSummary): TemplateResult {
  const sorted = rows.map((r) => r.chars).sort((a, b) => a - b);
  const p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
  const shown = rows.filter((r) => r.chars <= p99);
  const fields = summary.kind === 'task' ? ['input', 'target'] : ['document'];
  const plot = Plot.plot({
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
  return html`<figure data-figure="dataset-lengths">
    ${withFigureData(plot, rows)}<t5-figure-toolbar></t5-figure-toolbar>
    <figcaption>
      How long the rows are (the longest 1% beyond ${p99.toLocaleString('en-US')} characters are not drawn; the exported data has every
      row).
    </figcaption>
  </figure>`;
}
