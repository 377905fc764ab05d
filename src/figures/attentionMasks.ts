import * as Plot from '@observablehq/plot';
import { MASK_PATTERNS, type MaskCell, type MaskPattern } from '../model/architecture.ts';
import { FIGURE_SIZE, PALETTE, figureStyle } from '../plots/theme.ts';
import { withFigureData } from '../plots/figureRows.ts';
import type { FigureElement, FigureOptions } from './figureOptions.ts';

const PATTERN_LABEL: Readonly<Record<MaskPattern, string>> = {
  'fully-visible': 'Fully-visible (encoder)',
  causal: 'Causal (decoder, language model)',
  'causal-with-prefix': 'Causal with prefix (prefix LM)',
};

/** The tokens (inputs then targets) and every (pattern, query, key) cell of the three masks. */
export interface MaskView {
  tokens: string[];
  prefixLength: number;
  cells: MaskCell[];
}

/**
 * The paper's Figure 3: the three self-attention mask patterns (fully visible, causal, causal
 * with prefix) side by side over real tokens; orange marks the keys ahead of a query that only
 * the prefix makes visible.
 */
export function attentionMasksFigure(view: MaskView, options: FigureOptions = {}): FigureElement {
  const n = view.tokens.length;
  const label = (i: number) => view.tokens[i] ?? '';
  // Each panel grows with the tokens (≈ 12 px a cell) so the labels stay readable.
  const size = Math.max(150, Math.min(290, n * 12));
  // Orange: what the prefix adds to a causal mask (a key to the right, inside the prefix).
  const shade = (c: MaskCell) =>
    !c.visible ? 'masked' : c.pattern === 'causal-with-prefix' && c.key > c.query ? 'visible (prefix, ahead)' : 'visible';
  const rows = view.cells.map((c) => ({ ...c, panel: PATTERN_LABEL[c.pattern], shade: shade(c) }));
  const plot = Plot.plot({
    document: options.document,
    ariaLabel: 'Attention mask patterns: fully visible, causal, causal with prefix',
    style: figureStyle,
    width: Math.max(FIGURE_SIZE.width, 3 * size + 150),
    height: size + 110,
    marginLeft: 70,
    marginBottom: 70,
    padding: 0,
    fx: { label: null, domain: MASK_PATTERNS.map((p) => PATTERN_LABEL[p]), padding: 0.12 },
    x: { label: 'key (attended to) →', domain: [...Array(n).keys()], tickFormat: label, tickRotate: -60 },
    y: { label: '↓ query (output position)', domain: [...Array(n).keys()], tickFormat: label },
    color: { domain: ['masked', 'visible', 'visible (prefix, ahead)'], range: ['#eceef1', PALETTE[0], PALETTE[1]], legend: true },
    marks: [
      Plot.cell(rows, {
        fx: 'panel',
        x: 'key',
        y: 'query',
        fill: 'shade',
        inset: 0.5,
        title: (d: MaskCell) => `${d.queryToken} → ${d.keyToken}: ${d.visible ? 'visible' : 'masked'}`,
      }),
    ],
  });
  return withFigureData(plot, view.cells as unknown as Record<string, unknown>[]);
}

/** The caption under the attention-masks figure (the cell shows it; exports put it in the SVG's <desc>). */
export function attentionMasksCaption(view: Pick<MaskView, 'prefixLength'>): string {
  return `Which keys each output position may attend to (dark = visible), as in the paper's Figure 3: an encoder is fully visible; a decoder or language model is causal; a prefix LM is fully visible over its prefix (the ${view.prefixLength} input tokens; orange: keys ahead of the query that only the prefix makes visible) and causal after it.`;
}
