import * as Plot from '@observablehq/plot';
import type { AttentionKind, AttentionSnapshot } from '../model/attentionSnapshot.ts';
import { axisTokens } from '../model/attentionSnapshot.ts';
import { visiblePiece } from '../tokenizers/visiblePiece.ts';
import { figureStyle } from '../plots/theme.ts';
import { withFigureData } from '../plots/figureRows.ts';
import type { FigureElement, FigureOptions } from './figureOptions.ts';

/** One drawn cell of the map (the figure's data rows). */
export interface MapRow {
  query: number;
  key: number;
  queryToken: string;
  keyToken: string;
  value: number;
}

/**
 * A large map of `values` [queries × keys] of one attention kind with the tokens on the axes:
 * weights (sequential blues) or a position bias (diverging, symmetric around 0). `maskFuture`
 * leaves out the keys after each query (a causal decoder's masked cells).
 */
export function attentionMapFigure(
  s: AttentionSnapshot,
  options: FigureOptions & { kind: AttentionKind; values: Float32Array; label: string; what: 'weight' | 'bias'; maskFuture?: boolean },
): FigureElement {
  const { kind, values } = options;
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
    document: options.document,
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
