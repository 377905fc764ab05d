import * as Plot from '@observablehq/plot';
import type { TargetLengthRow } from '../plots/objectiveStats.ts';
import { FIGURE_SIZE, PALETTE, figureStyle } from '../plots/theme.ts';
import { withFigureData } from '../plots/figureRows.ts';
import type { FigureElement, FigureOptions } from './figureOptions.ts';

/**
 * Target length per 512 raw tokens as a function of the corruption rate, for i.i.d. noise and
 * random spans of several mean lengths (targetLengthCurve); `density` (the chosen rate) dashed.
 */
export function objectiveTargetLengthsFigure(
  curve: readonly TargetLengthRow[],
  options: FigureOptions & { density: number },
): FigureElement {
  const series = [...new Set(curve.map((r) => r.series))];
  const plot = Plot.plot({
    document: options.document,
    ariaLabel:
      'Target length for 512 raw (uncorrupted) tokens as a function of the corruption rate, for i.i.d. noise and random spans of mean length 2, 3, 5 and 10',
    style: figureStyle,
    width: FIGURE_SIZE.width - 120,
    height: 300,
    marginLeft: 48,
    x: { label: 'corruption rate', tickFormat: '.0%', grid: true },
    // 512 tokens of text before corruption, not T5's 512-token (corrupted) inputs: say which.
    y: { label: 'target tokens per 512 raw tokens', grid: true, domain: [0, Math.max(...curve.map((r) => r.targetLength))] },
    color: { domain: series, range: [PALETTE[7], '#9aa1aa', PALETTE[0], PALETTE[2], PALETTE[1], PALETTE[3]], legend: true },
    marks: [
      Plot.line(curve, { x: 'rate', y: 'targetLength', stroke: 'series', strokeWidth: 1.75, marker: 'dot' }),
      Plot.ruleX([options.density], { stroke: PALETTE[5], strokeDasharray: '3,3' }),
    ],
  });
  return withFigureData(plot, curve);
}

/** The caption under the objective-target-lengths figure (the cell shows it; exports put it in the SVG's <desc>). */
export function objectiveTargetLengthsCaption(): string {
  return `Why span corruption is cheaper: every noise span costs a sentinel in the targets, so fewer, longer spans (mean 3 in T5) give shorter targets than i.i.d. noise, whose many one-token spans each need one. Targets that repeat the whole input (BERT-style, MASS-style, deshuffling) would be 513 tokens. Lengths are per 512 raw tokens of text, before corruption (T5 instead picks the raw length whose corrupted inputs are 512 tokens). The dashed line is this cell's corruption rate.`;
}
