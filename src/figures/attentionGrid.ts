import * as Plot from '@observablehq/plot';
import type { AttentionKind, AttentionSnapshot } from '../model/attentionSnapshot.ts';
import { axisTokens } from '../model/attentionSnapshot.ts';
import { ATTENTION_KIND_LABEL } from '../plots/attentionLabels.ts';
import { figureStyle, PALETTE } from '../plots/theme.ts';
import { withFigureData } from '../plots/figureRows.ts';
import type { FigureElement, FigureOptions } from './figureOptions.ts';

/** One drawn weight of the grid (the figure's data rows). */
export interface GridRow {
  layer: number;
  head: number;
  query: number;
  key: number;
  weight: number;
}

/**
 * Every layer × head attention map of one kind, small (one raster per facet), with the
 * `selected` one framed; colour scaled to the largest weight drawn.
 */
export function attentionGridFigure(
  s: AttentionSnapshot,
  options: FigureOptions & { kind: AttentionKind; selected: { layer: number; head: number } },
): FigureElement {
  const { kind, selected } = options;
  const { queries, keys } = axisTokens(s, kind);
  const layers = s.maps[kind];
  const rows: GridRow[] = [];
  layers.forEach((heads, layer) =>
    heads.forEach((m, head) => {
      for (let q = 0; q < queries.length; q++)
        for (let k = 0; k < keys.length; k++) rows.push({ layer, head, query: q, key: k, weight: m[q * keys.length + k] });
    }),
  );
  const cell = Math.max(56, Math.min(110, Math.floor(560 / s.heads)));
  const top = rows.reduce((m, r) => Math.max(m, r.weight), 0) || 1;
  const plot = Plot.plot({
    document: options.document,
    ariaLabel: `${ATTENTION_KIND_LABEL[kind]}: ${layers.length} layers × ${s.heads} heads of ${queries.length} × ${keys.length} attention maps`,
    style: figureStyle,
    width: 40 + s.heads * (cell + 6),
    height: 34 + layers.length * (cell * (queries.length / keys.length) + 6),
    marginLeft: 40,
    marginTop: 28,
    marginRight: 0,
    marginBottom: 6,
    x: { domain: [0, keys.length], axis: null },
    y: { domain: [0, queries.length], axis: null, reverse: true },
    fx: { label: 'head', axis: 'top', padding: 0.08 },
    fy: { label: 'layer', padding: 0.08 },
    // Scaled to the largest weight drawn: an untrained model's near-uniform maps stay visible.
    color: { scheme: 'blues', domain: [0, top], label: 'attention weight', legend: true },
    marks: [
      Plot.raster(rows, {
        x: (d: GridRow) => d.key + 0.5,
        y: (d: GridRow) => d.query + 0.5,
        fill: 'weight',
        fx: 'head',
        fy: 'layer',
        width: keys.length,
        height: queries.length,
        x1: 0,
        x2: keys.length,
        y1: 0,
        y2: queries.length,
        imageRendering: 'pixelated',
      }),
      Plot.frame({ stroke: '#d0d4da' }),
      Plot.rect([selected], {
        fx: 'head',
        fy: 'layer',
        x1: 0,
        x2: keys.length,
        y1: 0,
        y2: queries.length,
        fill: 'none',
        stroke: PALETTE[5],
        strokeWidth: 2.5,
      }),
    ],
  });
  return withFigureData(plot, rows);
}
