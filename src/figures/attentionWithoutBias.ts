import { axisTokens, withoutPositionBias, type AttentionKind, type AttentionSnapshot } from '../model/attentionSnapshot.ts';
import { ATTENTION_KIND_LABEL } from '../plots/attentionLabels.ts';
import { attentionMapFigure } from './attentionMap.ts';
import type { FigureElement, FigureOptions } from './figureOptions.ts';

/**
 * One head's attention weights with its position bias taken out, softmax(log p − bias): what the
 * content (q·k) alone would give. `bias` is positionBias() of that head.
 */
export function attentionWithoutBiasFigure(
  s: AttentionSnapshot,
  options: FigureOptions & { kind: AttentionKind; layer: number; head: number; bias: Float32Array },
): FigureElement {
  const { kind, layer, head } = options;
  const { queries, keys } = axisTokens(s, kind);
  return attentionMapFigure(s, {
    document: options.document,
    kind,
    values: withoutPositionBias(s.maps[kind][layer][head], options.bias, queries.length, keys.length),
    label: `${ATTENTION_KIND_LABEL[kind]} weights without the position bias, layer ${layer}, head ${head}`,
    what: 'weight',
  });
}
