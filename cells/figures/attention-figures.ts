import * as Plot from '@observablehq/plot';
import type { AttentionKind, AttentionSnapshot } from '../../src/model/attentionSnapshot.ts';
import { axisTokens } from '../../src/model/attentionSnapshot.ts';
import { figureStyle, PALETTE } from '../../src/plots/theme.ts';
import { withFigureData } from '../../src/plots/figureRows.ts';
import { visiblePiece } from '../widgets/token-chips.ts';

/**
 * The attention cell's Plot figures: a layer × head grid of small maps (one raster per facet)
 * and one large map with the tokens on its axes. Figure data rows are what was drawn.
 */

export const KIND_LABEL: Record<AttentionKind, string> = {
  encoderSelf: 'encoder self-attention',
  decoderSelf: 'decoder self-attention',
  cross: 'cross-attention',
};

export interface GridRow {
  layer: number;
  head: number;
  query: number;
  key: number;
  weight: number;
}

/** Every layer × head map of one kind, small, with the selected one framed. */
export function attentionGridPlot(
  s: AttentionSnapshot,
  kind: AttentionKind,
  selected: { layer: number; head: number },
): SVGSVGElement | HTMLElement {
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
    ariaLabel: `${KIND_LABEL[kind]}: ${layers.length} layers × ${s.heads} heads of ${queries.length} × ${keys.length} attention maps`,
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

export interface MapRow {
  query: number;
  key: number;
  queryToken: string;
  keyToken: string;
  value: number;
}

/** A large map of `values` [queries × keys] with the tokens on the axes. */
export function attentionMapPlot(
  s: AttentionSnapshot,
  kind: AttentionKind,
  values: Float32Array,
  options: { label: string; what: 'weight' | 'bias'; maskFuture?: boolean },
): SVGSVGElement | HTMLElement {
  const { queries, keys } = axisTokens(s, kind);
  const rows: MapRow[] = [];
  let m = 0;
  for (let q = 0; q < queries.length; q++) {
    for (let k = 0; k < keys.length; k++) {
      if (options.maskFuture && k > q) continue;
      const value = values[q * keys.length + k];
      m = Math.max(m, Math.abs(value));
      rows.push({ query: q, key: k, queryToken: queries[q].piece, keyToken: keys[k].piece, value });
    }
  }
  const size = Math.max(200, Math.min(420, keys.length * 14));
  const fmt = (tokens: typeof queries) => (i: number) => visiblePiece(tokens[i]?.piece ?? '');
  const plot = Plot.plot({
    ariaLabel: options.label,
    style: { ...figureStyle, fontSize: '10.5px' },
    width: size + 96,
    height: size * (queries.length / keys.length) + 96,
    marginLeft: 86,
    marginTop: 86,
    marginRight: 10,
    marginBottom: 10,
    x: {
      domain: keys.map((_, i) => i),
      axis: 'top',
      tickFormat: fmt(keys),
      tickRotate: -60,
      label: kind === 'cross' ? 'key (encoder token)' : 'key',
      tickSize: 0,
    },
    y: {
      domain: queries.map((_, i) => i),
      tickFormat: fmt(queries),
      label: kind === 'encoderSelf' ? 'query' : 'query (decoder input)',
      tickSize: 0,
    },
    color:
      options.what === 'weight'
        ? { scheme: 'blues', domain: [0, m || 1], label: 'attention weight', legend: true }
        : { type: 'linear', scheme: 'BuRd', domain: [-(m || 1), m || 1], label: 'bias (added to the logit)', legend: true },
    marks: [Plot.cell(rows, { x: 'key', y: 'query', fill: 'value', inset: 0 })],
  });
  return withFigureData(plot, rows);
}

type ScaleName = 'x' | 'y' | 'fx' | 'fy';

/** The band a domain value covers on one band scale of a plot, in the plot's SVG units. */
export function bandOf(plot: Element, scaleName: ScaleName, value: number): { start: number; size: number } | undefined {
  const scale = (plot as unknown as { scale?: (n: string) => { apply(v: number): number; bandwidth?: number } | undefined }).scale?.(
    scaleName,
  );
  if (!scale || scale.bandwidth === undefined) return undefined;
  const start = scale.apply(value);
  return start === undefined || Number.isNaN(start) ? undefined : { start, size: scale.bandwidth };
}

/** Which of the values 0 … count−1 a position (SVG units) falls on along a band scale; −1 if none. */
export function indexAt(plot: Element, scaleName: ScaleName, position: number, count: number): number {
  for (let i = 0; i < count; i++) {
    const band = bandOf(plot, scaleName, i);
    if (band && position >= band.start && position < band.start + band.size) return i;
  }
  return -1;
}

/** The plot's own SVG (a plot with a legend is a <figure> holding the legend's SVG first). */
export function mainSvg(plot: Element): SVGSVGElement | undefined {
  if (plot instanceof SVGSVGElement) return plot;
  return [...plot.children].filter((c): c is SVGSVGElement => c instanceof SVGSVGElement).at(-1);
}

/** A pointer event's position in the SVG units of `plot` (which may be drawn scaled). */
export function svgPoint(plot: Element, event: PointerEvent): { x: number; y: number } | undefined {
  const svgEl = mainSvg(plot);
  const ctm = svgEl?.getScreenCTM();
  if (!svgEl || !ctm) return undefined;
  const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(ctm.inverse());
  return { x: p.x, y: p.y };
}
