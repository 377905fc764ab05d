/**
 * How the mixing figures and the mixing cell's rate table draw task groups and numbers: the
 * paper's groups first, then the user's tasks in black; powers of two as 2¹⁶; rates as percents.
 */
import { GROUP_LABELS } from '../tasks/mixingSetup.ts';
import type { KSweepRow, TSweepRow } from './mixingCurves.ts';
import { FIGURE_SIZE, PALETTE } from './theme.ts';

/** What the mixing figures draw (the mixing cell's view has these fields). */
export interface MixingFigureData {
  params: { log2K: number; strategy: string; T: number };
  sizes: Record<string, number>;
  groups: Record<string, string>;
  rates: Record<string, number>;
  /** Rates as K sweeps 2^10…2^24 (at T = 1, or the cell's T for the temperature strategy). */
  kSweep: { T: number; rows: KSweepRow[] };
  /** Rates as T sweeps 1…16 at the cell's K. */
  tSweep: { K: number; rows: TSweepRow[] };
}

export const GROUP_ORDER = [
  GROUP_LABELS.glue,
  GROUP_LABELS.superglue,
  GROUP_LABELS.squad,
  GROUP_LABELS.cnndm,
  GROUP_LABELS.wmt,
  GROUP_LABELS.c4,
  GROUP_LABELS.user,
];
const GROUP_COLORS = [PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[3], PALETTE[5], PALETTE[4], PALETTE[7]];

/** Colour of a task group ('#999' for one the figures do not know). */
export function groupColor(group: string): string {
  return GROUP_COLORS[GROUP_ORDER.indexOf(group)] ?? '#999';
}

/** Plot colour scale over the groups present in `groups`, in the fixed order. */
export function groupColorScale(groups: Record<string, string>) {
  const present = new Set(Object.values(groups));
  const domain = GROUP_ORDER.filter((g) => present.has(g));
  return { domain, range: domain.map(groupColor), legend: true };
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** 2^16 as "2¹⁶" (tick labels and the K readout). */
export function powerOfTwoLabel(log2: number): string {
  return Number.isInteger(log2) ? `2${String(log2).replace(/\d/g, (d) => SUPERSCRIPT[Number(d)])}` : `2^${log2}`;
}

/** A rate (fraction) as a percent with two decimals; '<0.01' for tiny non-zero rates. */
export function ratePercent(r: number): string {
  return r * 100 < 0.005 && r > 0 ? '<0.01' : (r * 100).toFixed(2);
}

/** A little narrower than the standard figure so the rate table fits beside the plots. */
export const MIXING_PLOT_WIDTH = FIGURE_SIZE.width - 40;
