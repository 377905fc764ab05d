import type { NotebookDocument } from '../src/notebook/notebookDocument.ts';

/**
 * The guided T5 tour that opens on a first visit. It is data: the same shape as a saved or
 * imported notebook. Later cells (model, attention, objectives, training, mixing, scaling) are
 * added here as their kinds land.
 */
export function defaultNotebook(): NotebookDocument {
  return {
    format: 't5lab-notebook',
    version: 1,
    id: 'tour',
    title: 'A tour of T5',
    seed: 42,
    cells: [
      {
        id: 'intro',
        kind: 'markdown',
        params: {
          source: `# A tour of T5

T5 ("Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer",
Raffel et al., 2020) casts every problem as **text in, text out**: translation, classification and
question answering all become \`prefix: input → target\` pairs for one encoder–decoder Transformer.

This notebook walks through the paper's ideas with a real, small T5 that runs in your browser.
Change a parameter and every figure that depends on it is recomputed.`,
        },
      },
      {
        id: 'buckets-intro',
        kind: 'markdown',
        params: {
          source: `## Relative position buckets

T5 has no position embeddings. Each attention logit gets a learned scalar that depends only on the
offset between key and query, grouped into 32 buckets: one per offset up to 8 (encoder) or 16
(decoder), then logarithmically wider ones up to a maximum distance of 128. Try 16 buckets or a
maximum distance of 32.`,
        },
      },
      { id: 'buckets', kind: 'buckets', params: { numBuckets: 32, maxDistance: 128, gridLength: 40 } },
    ],
  };
}
