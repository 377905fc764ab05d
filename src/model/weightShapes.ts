/**
 * Names and shapes of every weight, keyed by Hugging Face T5 parameter names, in **tfjs layout**:
 * dense kernels are [in, out] (torch stores [out, in]), `shared.weight` is [V, d], an untied
 * `lm_head.weight` is stored [d, V], the relative-bias tables are [buckets, heads].
 * The HF safetensors import/export relies on exactly this contract.
 */
import type { T5Config } from './config.ts';
import { architectureShapes } from './architecture.ts';

export type StackKind = 'encoder' | 'decoder';

/** The HF name prefix of one sub-layer, e.g. `decoder.block.3.layer.1.EncDecAttention`. */
export function attentionPrefix(stack: StackKind, block: number, kind: 'self' | 'cross'): string {
  return kind === 'self' ? `${stack}.block.${block}.layer.0.SelfAttention` : `${stack}.block.${block}.layer.1.EncDecAttention`;
}

/** Index of the feed-forward sub-layer inside a block (encoder 1, decoder 2). */
export function ffLayerIndex(stack: StackKind): number {
  return stack === 'encoder' ? 1 : 2;
}

/** An adapter weight of the feed-forward sub-layer `ffPrefix` (`….layer.1.adapter.wi.weight`). */
export function adapterWeightName(ffPrefix: string, which: 'wi' | 'wo'): string {
  return `${ffPrefix}.adapter.${which}.weight`;
}

/** True for the weights of adapter layers (see {@link adapterWeightName}). */
export function isAdapterWeight(name: string): boolean {
  return /\.adapter\.w[io]\.weight$/.test(name);
}

/** The shared relative-bias table of a stack (owned by block 0's self-attention, spec §A.8). */
export function relativeBiasName(stack: StackKind): string {
  return `${attentionPrefix(stack, 0, 'self')}.relative_attention_bias.weight`;
}

/** Every weight of the model, in a stable order (embedding, encoder, decoder, head). */
export function weightShapes(config: T5Config): Map<string, number[]> {
  const { dModel: d, dFf, numHeads: H, dKv, vocabSize: V, relativeAttentionNumBuckets: B } = config;
  const inner = H * dKv;
  const shapes = new Map<string, number[]>();
  shapes.set('shared.weight', [V, d]);
  const attention = (prefix: string) => {
    for (const p of ['q', 'k', 'v']) shapes.set(`${prefix}.${p}.weight`, [d, inner]);
    shapes.set(`${prefix}.o.weight`, [inner, d]);
  };
  const ff = (prefix: string) => {
    if (config.feedForwardProj === 'gated-gelu') {
      shapes.set(`${prefix}.DenseReluDense.wi_0.weight`, [d, dFf]);
      shapes.set(`${prefix}.DenseReluDense.wi_1.weight`, [d, dFf]);
    } else {
      shapes.set(`${prefix}.DenseReluDense.wi.weight`, [d, dFf]);
    }
    shapes.set(`${prefix}.DenseReluDense.wo.weight`, [dFf, d]);
    shapes.set(`${prefix}.layer_norm.weight`, [d]);
    // Adapter layer of this feed-forward sub-layer (adapters.ts): down [d, D], up [D, d].
    if (config.adapterDim !== undefined) {
      shapes.set(adapterWeightName(prefix, 'wi'), [d, config.adapterDim]);
      shapes.set(adapterWeightName(prefix, 'wo'), [config.adapterDim, d]);
    }
  };
  for (const stack of ['encoder', 'decoder'] as const) {
    const layers = stack === 'encoder' ? config.numLayers : config.numDecoderLayers;
    for (let i = 0; i < layers; i++) {
      const self = attentionPrefix(stack, i, 'self');
      attention(self);
      if (i === 0) shapes.set(relativeBiasName(stack), [B, H]);
      shapes.set(`${stack}.block.${i}.layer.0.layer_norm.weight`, [d]);
      if (stack === 'decoder') {
        attention(attentionPrefix(stack, i, 'cross'));
        shapes.set(`${stack}.block.${i}.layer.1.layer_norm.weight`, [d]);
      }
      ff(`${stack}.block.${i}.layer.${ffLayerIndex(stack)}`);
    }
    shapes.set(`${stack}.final_layer_norm.weight`, [d]);
  }
  if (!config.tieWordEmbeddings) shapes.set('lm_head.weight', [d, V]);
  // Shared and decoder-only variants store a subset / renaming (architecture.ts).
  return architectureShapes(config, shapes);
}
