/**
 * Layout of the model cell's diagram: the encoder and decoder stacks of a T5Config as boxes
 * (blocks and their sub-layers, the final norms, the shared embedding, the output layer), with
 * the relative-bias table marked in block 0 of each stack and the encoder output feeding every
 * cross-attention. Pure geometry in SVG user units (y grows downwards); the cell draws it.
 */
import type { T5Config } from '../model/config.ts';

export type DiagramNodeKind = 'embedding' | 'block' | 'self' | 'cross' | 'ff' | 'norm' | 'head' | 'ellipsis' | 'title';

export interface DiagramNode {
  kind: DiagramNodeKind;
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  /** Second line (e.g. the bias table of block 0). */
  detail?: string;
  /** Marks the self-attention that owns its stack's relative-bias table. */
  ownsBias?: boolean;
  stack?: 'encoder' | 'decoder';
}

export interface DiagramEdge {
  points: [number, number][];
  /** Arrow head at the last point. */
  arrow: boolean;
}

export interface ModelDiagram {
  width: number;
  height: number;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

const WIDTH = 680;
const COL_W = 270;
const ENC_X = 40;
const DEC_X = WIDTH - 40 - COL_W;
const SUB_H = 20;
const SUB_H_BIAS = 32;
const GAP = 4;
const TITLE_H = 15;
const BLOCK_GAP = 8;

/** Which blocks are drawn: all up to 4, else 0, 1, an ellipsis, and the last. */
export function shownBlocks(layers: number): (number | 'ellipsis')[] {
  if (layers <= 4) return Array.from({ length: layers }, (_, i) => i);
  return [0, 1, 'ellipsis', layers - 1];
}

function sublayers(stack: 'encoder' | 'decoder', block: number, c: T5Config) {
  const heads = `${c.numHeads} heads × ${c.dKv}`;
  const layers = stack === 'encoder' ? c.numLayers : c.numDecoderLayers;
  const biasDetail = `+ relative bias ${c.relativeAttentionNumBuckets} × ${c.numHeads}, shared by ${layers === 1 ? 'this block' : `all ${layers} blocks`}`;
  const ff = `feed-forward ${c.dFf} (${c.feedForwardProj === 'gated-gelu' ? 'gated GELU' : 'ReLU'})`;
  const self = {
    kind: 'self' as const,
    label: `${stack === 'decoder' ? 'causal ' : ''}self-attention · ${heads}`,
    detail: block === 0 ? biasDetail : undefined,
    ownsBias: block === 0,
  };
  const out: { kind: DiagramNodeKind; label: string; detail?: string; ownsBias?: boolean }[] = [self];
  if (stack === 'decoder') out.push({ kind: 'cross', label: `cross-attention · ${heads}, no position bias` });
  out.push({ kind: 'ff', label: ff });
  // Drawn bottom-up: the first sub-layer sits lowest.
  return out.reverse();
}

/** Lays out the diagram of `config`. */
export function modelDiagram(config: T5Config): ModelDiagram {
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const stackItems = (stack: 'encoder' | 'decoder') => {
    const layers = stack === 'encoder' ? config.numLayers : config.numDecoderLayers;
    // Heights from the top of the stack (final norm) down to block 0.
    const items: { block: number | 'ellipsis'; h: number }[] = shownBlocks(layers)
      .reverse()
      .map((b) => {
        if (b === 'ellipsis') return { block: b, h: 22 };
        const subs = sublayers(stack, b, config);
        const h = TITLE_H + subs.reduce((s, x) => s + (x.detail ? SUB_H_BIAS : SUB_H) + GAP, 0) + 2;
        return { block: b, h };
      });
    return { layers, items, height: 24 + items.reduce((s, it) => s + it.h + BLOCK_GAP, 0) };
  };
  const enc = stackItems('encoder');
  const dec = stackItems('decoder');
  const headH = 34;
  const top = 24 + headH + 14;
  const stacksH = Math.max(enc.height, dec.height);
  const embY = top + stacksH + 22;
  const height = embY + 36;

  nodes.push({
    kind: 'title',
    x: ENC_X,
    y: 4,
    w: COL_W,
    h: 16,
    label: `Encoder · ${config.numLayers} block${config.numLayers === 1 ? '' : 's'}`,
  });
  nodes.push({
    kind: 'title',
    x: DEC_X,
    y: 4,
    w: COL_W,
    h: 16,
    label: `Decoder · ${config.numDecoderLayers} block${config.numDecoderLayers === 1 ? '' : 's'}`,
  });
  const head = config.tieWordEmbeddings
    ? { label: `logits = h · d_model^-½ · Eᵀ`, detail: 'output layer tied to the shared embedding' }
    : { label: `lm_head ${config.dModel} × ${config.vocabSize}`, detail: 'separate output layer (untied, no scaling)' };
  nodes.push({ kind: 'head', x: DEC_X, y: 24, w: COL_W, h: headH, ...head, stack: 'decoder' });
  edges.push({
    points: [
      [DEC_X + COL_W / 2, top - 2],
      [DEC_X + COL_W / 2, 24 + headH],
    ],
    arrow: true,
  });

  const crossTargets: number[] = [];
  for (const [stack, s, x] of [
    ['encoder', enc, ENC_X],
    ['decoder', dec, DEC_X],
  ] as const) {
    // Bottom-align both stacks on the embedding.
    let y = top + (stacksH - s.height);
    nodes.push({ kind: 'norm', x, y, w: COL_W, h: 18, label: 'final RMSNorm', stack });
    y += 24;
    for (const item of s.items) {
      if (item.block === 'ellipsis') {
        nodes.push({ kind: 'ellipsis', x, y, w: COL_W, h: item.h, label: `⋮  blocks 2–${s.layers - 2}, same shape`, stack });
      } else {
        nodes.push({ kind: 'block', x, y, w: COL_W, h: item.h, label: `block ${item.block}`, stack });
        let sy = y + TITLE_H;
        for (const sub of sublayers(stack, item.block, config).reverse()) {
          const h = sub.detail ? SUB_H_BIAS : SUB_H;
          nodes.push({
            kind: sub.kind,
            x: x + 8,
            y: sy,
            w: COL_W - 16,
            h,
            label: sub.label,
            detail: sub.detail,
            ownsBias: sub.ownsBias,
            stack,
          });
          if (sub.kind === 'cross') crossTargets.push(sy + h / 2);
          sy += h + GAP;
        }
      }
      y += item.h + BLOCK_GAP;
    }
    edges.push({
      points: [
        [x + COL_W / 2, embY],
        [x + COL_W / 2, y - BLOCK_GAP + 2],
      ],
      arrow: true,
    });
  }
  // The encoder output runs to a bus between the columns, then into every cross-attention.
  const busX = (ENC_X + COL_W + DEC_X) / 2;
  const encNormY = nodes.find((n) => n.kind === 'norm' && n.stack === 'encoder')!.y + 9;
  edges.push({
    points: [
      [ENC_X + COL_W, encNormY],
      [busX, encNormY],
      [busX, Math.max(encNormY, ...crossTargets)],
    ],
    arrow: false,
  });
  for (const cy of crossTargets)
    edges.push({
      points: [
        [busX, cy],
        [DEC_X + 8, cy],
      ],
      arrow: true,
    });

  nodes.push({
    kind: 'embedding',
    x: ENC_X,
    y: embY,
    w: DEC_X + COL_W - ENC_X,
    h: 28,
    label: `shared embedding ${config.vocabSize.toLocaleString('en-US')} × ${config.dModel}`,
    detail: config.tieWordEmbeddings ? 'encoder input, decoder input and output layer' : 'encoder and decoder input',
  });
  return { width: WIDTH, height, nodes, edges };
}
