/**
 * The paper's architecture variants (Raffel et al. §3.2, Table 2) as one config field, and the
 * attention-mask patterns they use (the paper's Figure 3), as pure data shared by the model and
 * the mask figure, so the figure shows exactly the masks the model adds to its scores.
 *
 * - `encoder-decoder`: the T5 baseline (fully-visible encoder, causal decoder, cross-attention).
 * - `encoder-decoder-shared`: the same, but the decoder re-uses the encoder's self-attention,
 *   feed-forward, layer norms, relative-bias table and final norm (one stack's weights used by
 *   both). Cross-attention has no encoder counterpart, so it and its norm stay the decoder's own.
 * - `decoder-only`: a language model over `inputs ⧺ targets`, causal over the whole sequence.
 * - `prefix-lm`: the same stack, fully visible over the inputs (the prefix), causal after them.
 *
 * Decoder-only weights are a T5 decoder stack without cross-attention: `decoder.block.{i}.layer.0`
 * (self-attention, block 0 owns the relative bias), `decoder.block.{i}.layer.1` (feed-forward),
 * `decoder.final_layer_norm`, `shared` (and `lm_head` when untied); `numLayers` is its depth.
 */

export type Architecture = 'encoder-decoder' | 'encoder-decoder-shared' | 'decoder-only' | 'prefix-lm';

export const ARCHITECTURES: readonly Architecture[] = ['encoder-decoder', 'encoder-decoder-shared', 'decoder-only', 'prefix-lm'];

/** What the model does differently per architecture; the model and the figures read only this table. */
export interface ArchitectureTraits {
  /** Human label (the paper's Table 2 wording). */
  label: string;
  /**
   * `encoder-decoder`: an encoder, and a decoder with cross-attention to it. `single-stack`: one
   * stack over `inputs ⧺ targets` (no encoder, no cross-attention, no packing).
   */
  stacks: 'encoder-decoder' | 'single-stack';
  /** Self-attention pattern of the decoder (or of the single stack). */
  selfMask: MaskPattern;
  /** The decoder's self-attention, feed-forward, norms and bias table are the encoder's variables. */
  sharesEncoder: boolean;
}

export const ARCHITECTURE_TRAITS: Readonly<Record<Architecture, Readonly<ArchitectureTraits>>> = {
  'encoder-decoder': { label: 'Encoder-decoder', stacks: 'encoder-decoder', selfMask: 'causal', sharesEncoder: false },
  'encoder-decoder-shared': { label: 'Enc-dec, shared', stacks: 'encoder-decoder', selfMask: 'causal', sharesEncoder: true },
  'decoder-only': { label: 'Language model', stacks: 'single-stack', selfMask: 'causal', sharesEncoder: false },
  'prefix-lm': { label: 'Prefix LM', stacks: 'single-stack', selfMask: 'causal-with-prefix', sharesEncoder: false },
};

/** Human labels (the paper's Table 2 wording). */
export const ARCHITECTURE_LABELS: Readonly<Record<Architecture, string>> = Object.fromEntries(
  ARCHITECTURES.map((a) => [a, ARCHITECTURE_TRAITS[a].label]),
) as Record<Architecture, string>;

interface HasArchitecture {
  architecture?: Architecture;
  numLayers: number;
  numDecoderLayers: number;
}

/** The architecture of a config (absent = the T5 encoder-decoder). */
export function architectureOf(config: { architecture?: Architecture }): Architecture {
  return config.architecture ?? 'encoder-decoder';
}

/** The {@link ArchitectureTraits} of a config. */
export function traitsOf(config: { architecture?: Architecture }): Readonly<ArchitectureTraits> {
  return ARCHITECTURE_TRAITS[architectureOf(config)];
}

/** True for the single-stack language models (no encoder, no cross-attention). */
export function isDecoderOnly(config: { architecture?: Architecture }): boolean {
  return traitsOf(config).stacks === 'single-stack';
}

/** Checks `architecture` (and what it implies); the message names the field. */
export function checkArchitecture(config: HasArchitecture): void {
  const a = config.architecture;
  if (a === undefined) return;
  if (!ARCHITECTURES.includes(a)) {
    throw new RangeError(`architecture must be one of ${ARCHITECTURES.map((x) => `"${x}"`).join(', ')} (got ${JSON.stringify(a)})`);
  }
  if (ARCHITECTURE_TRAITS[a].sharesEncoder && config.numDecoderLayers !== config.numLayers) {
    throw new RangeError(
      `numDecoderLayers must equal numLayers (${config.numLayers}) when architecture is "${a}" (got ${config.numDecoderLayers})`,
    );
  }
}

/**
 * Maps an encoder-decoder weight name to the name of the variable that holds it, or null when
 * every name is its own variable (shared enc-dec: decoder self-attention / FF / norms → the
 * encoder's). Single-stack models use their own `decoder.*` names directly and need no alias.
 */
export function weightAlias(config: { architecture?: Architecture }): ((name: string) => string) | null {
  return traitsOf(config).sharesEncoder ? sharedName : null;
}

function sharedName(name: string): string {
  if (name === 'decoder.final_layer_norm.weight') return 'encoder.final_layer_norm.weight';
  const m = /^decoder\.block\.(\d+)\.layer\.([02])\.(.*)$/.exec(name);
  if (!m) return name;
  return `encoder.block.${m[1]}.layer.${m[2] === '0' ? 0 : 1}.${m[3]}`;
}

/**
 * The stored weights of an architecture from the encoder-decoder's shapes (HF names, in order).
 * Shared: drops every decoder weight that aliases an encoder one. Decoder-only: keeps the
 * encoder stack, renamed `decoder.*`, and drops the original decoder.
 */
export function architectureShapes(config: { architecture?: Architecture }, encDec: Map<string, number[]>): Map<string, number[]> {
  const t = traitsOf(config);
  if (t.stacks === 'encoder-decoder' && !t.sharesEncoder) return encDec;
  const out = new Map<string, number[]>();
  for (const [name, shape] of encDec) {
    if (t.stacks === 'encoder-decoder') {
      if (sharedName(name) === name) out.set(name, shape);
    } else if (name.startsWith('encoder.')) {
      out.set(`decoder.${name.slice(8)}`, shape);
    } else if (!name.startsWith('decoder.')) {
      out.set(name, shape);
    }
  }
  return out;
}

// ---- attention masks --------------------------------------------------------------------------

/** The paper's three self-attention patterns (Figure 3). */
export type MaskPattern = 'fully-visible' | 'causal' | 'causal-with-prefix';

export const MASK_PATTERNS: readonly MaskPattern[] = ['fully-visible', 'causal', 'causal-with-prefix'];

/**
 * Row-major [length × length] visibility: `mask[q·length + k] = 1` when query q may attend to
 * key k. Causal: k ≤ q. Causal with prefix: k ≤ q or k < prefixLength.
 */
export function attentionMask(pattern: MaskPattern, length: number, prefixLength = 0): Uint8Array {
  if (!Number.isInteger(length) || length <= 0) throw new RangeError(`length must be a positive integer (got ${length})`);
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > length) {
    throw new RangeError(`prefixLength must be an integer in [0, ${length}] (got ${prefixLength})`);
  }
  if (!MASK_PATTERNS.includes(pattern)) throw new RangeError(`pattern must be one of ${MASK_PATTERNS.join(', ')} (got ${String(pattern)})`);
  const m = new Uint8Array(length * length);
  for (let q = 0; q < length; q++) {
    for (let k = 0; k < length; k++) {
      const visible = pattern === 'fully-visible' || k <= q || (pattern === 'causal-with-prefix' && k < prefixLength);
      m[q * length + k] = visible ? 1 : 0;
    }
  }
  return m;
}

/** The self-attention pattern of the (single or decoder) stack of an architecture. */
export function decoderPattern(architecture: Architecture): MaskPattern {
  return ARCHITECTURE_TRAITS[architecture].selfMask;
}

/** One drawable cell of a mask figure. */
export interface MaskCell {
  pattern: MaskPattern;
  query: number;
  key: number;
  queryToken: string;
  keyToken: string;
  visible: boolean;
}

/**
 * Figure rows for one pattern over real tokens: one row per (query, key), built from
 * {@link attentionMask}, the function the model builds its masks from.
 */
export function maskCells(pattern: MaskPattern, tokens: readonly string[], prefixLength = 0): MaskCell[] {
  const n = tokens.length;
  const m = attentionMask(pattern, n, pattern === 'causal-with-prefix' ? prefixLength : 0);
  const rows: MaskCell[] = [];
  for (let q = 0; q < n; q++) {
    for (let k = 0; k < n; k++) {
      rows.push({ pattern, query: q, key: k, queryToken: tokens[q], keyToken: tokens[k], visible: m[q * n + k] === 1 });
    }
  }
  return rows;
}
