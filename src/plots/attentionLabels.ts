import type { AttentionKind } from '../model/attentionSnapshot.ts';

/** How figures and the attention cell name each kind of attention. */
export const ATTENTION_KIND_LABEL: Record<AttentionKind, string> = {
  encoderSelf: 'encoder self-attention',
  decoderSelf: 'decoder self-attention',
  cross: 'cross-attention',
};
