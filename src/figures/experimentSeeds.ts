/**
 * The seeded-experiment figure of the experiment cells (comparison, multi-task, architecture
 * comparison, scaling): one row per arm, each seed's value as a dot, the mean as a tick and the
 * Student-t 95% interval of the mean as a bar (none with one seed). Pure: report in, SVG out.
 */
import * as Plot from '@observablehq/plot';
import type { ExperimentReport } from '../experiments/experimentReport.ts';
import { FIGURE_SIZE, PALETTE, figureStyle } from '../plots/theme.ts';

export interface SeedPoint {
  arm: string;
  seed: number;
  value: number;
}

/** Each finished seed's value per arm (the figure's data rows). */
export function seedPoints(r: ExperimentReport): SeedPoint[] {
  return r.rows.flatMap((row) =>
    row.values.flatMap((v, i) => (v === null ? [] : [{ arm: row.label, seed: r.seeds[i], value: v }])),
  );
}

/** Per-seed dots, mean tick and 95% interval bar for every arm of `r`. */
export function experimentSeedsFigure(r: ExperimentReport, options: { document?: Document } = {}): SVGSVGElement | HTMLElement {
  const points = seedPoints(r);
  const bars = r.rows
    .filter((row) => row.mean !== null)
    .map((row) => ({ arm: row.label, mean: row.mean, lo: row.ci95?.[0] ?? row.mean, hi: row.ci95?.[1] ?? row.mean }));
  return Plot.plot({
    ...(options.document ? { document: options.document } : {}),
    ariaLabel: `${r.metric} per arm: each seed's value, the mean and its 95% interval`,
    style: figureStyle,
    width: FIGURE_SIZE.width,
    height: Math.max(140, 40 + 34 * r.rows.length),
    // Wide enough for the longest arm label ("temperature-scaled, T = 2, K = 2^21"): ~7 px a character.
    marginLeft: Math.max(170, 12 + 7 * Math.max(0, ...r.rows.map((x) => x.label.length))),
    x: { label: `${r.metric} ${r.lower_is_better ? '← lower is better' : 'higher is better →'}`, grid: true },
    y: { label: null, domain: r.rows.map((x) => x.label) },
    color: { range: [...PALETTE] },
    marks: [
      Plot.ruleY(bars, { y: 'arm', x1: 'lo', x2: 'hi', stroke: '#444', strokeWidth: 1.5 }),
      Plot.tickX(bars, { y: 'arm', x: 'mean', stroke: '#111', strokeWidth: 2.5 }),
      Plot.dot(points, {
        y: 'arm',
        x: 'value',
        fill: 'arm',
        r: 4,
        stroke: 'white',
        title: (d: SeedPoint) => `seed ${d.seed}: ${d.value.toFixed(3)}`,
      }),
    ],
  });
}
