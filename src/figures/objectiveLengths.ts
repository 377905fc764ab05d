import * as Plot from '@observablehq/plot';
import { OBJECTIVE_NAMES, type ObjectiveName } from '../objectives/objectives.ts';
import type { ObjectiveStats } from '../plots/objectiveStats.ts';
import { PALETTE, figureStyle } from '../plots/theme.ts';
import { withFigureData } from '../plots/figureRows.ts';
import type { FigureElement, FigureOptions } from './figureOptions.ts';

/** Axis labels short enough for a figure. */
const SHORT_LABEL: Record<ObjectiveName, string> = {
  prefix_lm: 'Prefix LM',
  bert: 'BERT-style',
  deshuffle: 'Deshuffling',
  mass: 'MASS-style',
  iid_replace_spans: 'I.i.d. replace spans',
  iid_drop: 'I.i.d. drop tokens',
  span_corruption: 'Random spans',
  bert_80_10_10: 'BERT 80/10/10 *',
};

/**
 * Mean input and target length (tokens, EOS included) of every objective, measured on
 * `segments` segments of `corpus`: one statistics entry per objective.
 */
export function objectiveLengthsFigure(
  stats: readonly Pick<ObjectiveStats, 'objective' | 'inputLength' | 'targetLength'>[],
  options: FigureOptions & { segments: number; corpus: string },
): FigureElement {
  const rows = stats.flatMap((s) => [
    { objective: SHORT_LABEL[s.objective as ObjectiveName], sequence: 'inputs', length: s.inputLength.mean },
    { objective: SHORT_LABEL[s.objective as ObjectiveName], sequence: 'targets', length: s.targetLength.mean },
  ]);
  const plot = Plot.plot({
    document: options.document,
    ariaLabel: `Mean input and target length of every objective on ${options.segments} segments of ${options.corpus}`,
    style: figureStyle,
    width: 400,
    height: 330,
    marginLeft: 150,
    x: { label: 'tokens (EOS included)', grid: true },
    y: { axis: null, domain: ['inputs', 'targets'] },
    fy: { label: null, domain: OBJECTIVE_NAMES.map((n) => SHORT_LABEL[n]), padding: 0.2 },
    color: { domain: ['inputs', 'targets'], range: [PALETTE[4], PALETTE[5]], legend: true },
    marks: [Plot.barX(rows, { x: 'length', y: 'sequence', fy: 'objective', fill: 'sequence' }), Plot.ruleX([0])],
  });
  return withFigureData(plot, rows);
}

/** The caption under the objective-lengths figure (the cell shows it; exports put it in the SVG's <desc>). */
export function objectiveLengthsCaption(v: { inputsLength: number }): string {
  return `Measured on the corpus at inputs length ${v.inputsLength}: objectives that predict the whole segment have targets as long as the input. * Original BERT 80/10/10, not run in the paper.`;
}
