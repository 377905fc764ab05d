import type { AttentionKind, AttentionSnapshot } from '../model/attentionSnapshot.ts';
import { ATTENTION_KIND_LABEL } from '../plots/attentionLabels.ts';
import { attentionMapFigure } from './attentionMap.ts';
import type { FigureElement, FigureOptions } from './figureOptions.ts';

/**
 * The learned position bias one head adds to every logit (the same in all layers of a stack), as
 * a map over the tokens; a causal decoder's future keys are left out. `bias` is positionBias().
 */
export function attentionPositionBiasFigure(
  s: AttentionSnapshot,
  options: FigureOptions & { kind: AttentionKind; head: number; bias: Float32Array },
): FigureElement {
  const { kind, head } = options;
  return attentionMapFigure(s, {
    document: options.document,
    kind,
    values: options.bias,
    label: `Position bias of head ${head}, ${ATTENTION_KIND_LABEL[kind]}`,
    what: 'bias',
    maskFuture: kind === 'decoderSelf',
  });
}
