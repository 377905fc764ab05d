/**
 * One figure theme for screen and print: a colour-blind-safe palette (Okabe–Ito) and font
 * sizes that survive being pasted into slides. Every plot in t5lab takes its style from here.
 */

/** Okabe & Ito (2008), the de-facto colour-blind-safe categorical palette. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] as const;

export const FIGURE_FONT = 'Inter, "Helvetica Neue", Arial, system-ui, sans-serif';

export const figureStyle = {
  fontFamily: FIGURE_FONT,
  fontSize: '12px',
  background: 'white',
  color: '#1a1a1a',
  overflow: 'visible',
} as const;

/** Standard sizes (px) so figures line up in the notebook and in exports. */
export const FIGURE_SIZE = { width: 640, height: 280, small: 160 } as const;
