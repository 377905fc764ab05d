import { assert } from '@esm-bundle/chai';
import curveGolden from './golden/bucket-curve.svg?raw';
import gridGolden from './golden/bucket-grid.svg?raw';
import curveCaptionGolden from './golden/bucket-curve-caption.svg?raw';
import mixingKGolden from './golden/mixing-rates-vs-k.svg?raw';
import modelDiagramGolden from './golden/model-diagram.svg?raw';
import biasBucketsGolden from './golden/learned-bias-buckets.svg?raw';
import biasOffsetsGolden from './golden/learned-bias-offsets.svg?raw';
import mixingTGolden from './golden/mixing-rates-vs-t.svg?raw';
import objectiveTargetsGolden from './golden/objective-target-lengths.svg?raw';
import datasetLengthsGolden from './golden/dataset-lengths.svg?raw';
import trainLossGolden from './golden/train-loss.svg?raw';
import learningRateGolden from './golden/learning-rate.svg?raw';
import attentionGridGolden from './golden/attention-grid.svg?raw';
import attentionMapGolden from './golden/attention-map.svg?raw';
import runsLossGolden from './golden/runs-loss.svg?raw';
import runsLossLogYGolden from './golden/runs-loss-log-y.svg?raw';
import attentionMasksGolden from './golden/attention-masks.svg?raw';
import scalingParamsGolden from './golden/scaling-loss-vs-params.svg?raw';
import scalingFlopsGolden from './golden/scaling-loss-vs-flops.svg?raw';
import objectiveLengthsGolden from './golden/objective-lengths.svg?raw';
import tokenizerPieceLengthsGolden from './golden/tokenizer-piece-lengths.svg?raw';
import attentionPositionBiasGolden from './golden/attention-position-bias.svg?raw';
import attentionWithoutBiasGolden from './golden/attention-without-bias.svg?raw';
import { FIGURE_NAMES } from '../../../src/figures/catalog.ts';
import { EXTRA_GOLDEN_NAMES, normaliseSvg, renderGoldenSvgs, type GoldenName } from './goldenFigures.ts';

const GOLDEN: Record<GoldenName, string> = {
  'bucket-curve': curveGolden,
  'bucket-grid': gridGolden,
  'bucket-curve-caption': curveCaptionGolden,
  'mixing-rates-vs-k': mixingKGolden,
  'model-diagram': modelDiagramGolden,
  'learned-bias-buckets': biasBucketsGolden,
  'learned-bias-offsets': biasOffsetsGolden,
  'mixing-rates-vs-t': mixingTGolden,
  'objective-target-lengths': objectiveTargetsGolden,
  'dataset-lengths': datasetLengthsGolden,
  'train-loss': trainLossGolden,
  'learning-rate': learningRateGolden,
  'attention-grid': attentionGridGolden,
  'attention-map': attentionMapGolden,
  'runs-loss': runsLossGolden,
  'runs-loss-log-y': runsLossLogYGolden,
  'attention-masks': attentionMasksGolden,
  'scaling-loss-vs-params': scalingParamsGolden,
  'scaling-loss-vs-flops': scalingFlopsGolden,
  'objective-lengths': objectiveLengthsGolden,
  'tokenizer-piece-lengths': tokenizerPieceLengthsGolden,
  'attention-position-bias': attentionPositionBiasGolden,
  'attention-without-bias': attentionWithoutBiasGolden,
};

/** The first line where two texts differ, for a readable failure instead of two 20 kB strings. */
function firstDifference(actual: string, expected: string): string {
  const a = actual.split(/(?=<)/);
  const e = expected.split(/(?=<)/);
  const i = a.findIndex((piece, k) => piece !== e[k]);
  return i < 0 ? `lengths differ (${a.length} vs ${e.length} tags)` : `tag ${i}:\n  actual:   ${a[i]?.slice(0, 300)}\n  expected: ${e[i]?.slice(0, 300)}`;
}

describe('golden SVG exports of the cells\' figures', () => {
  let rendered: Record<GoldenName, string>;
  before(async () => {
    rendered = await renderGoldenSvgs();
  });

  for (const name of Object.keys(GOLDEN) as GoldenName[]) {
    it(`the stand-alone SVG of ${name} matches golden/${name}.svg (update with: node scripts/update-golden.mjs)`, () => {
      const actual = normaliseSvg(rendered[name]);
      const expected = normaliseSvg(GOLDEN[name]);
      assert.isTrue(actual === expected, `exported SVG differs from golden/${name}.svg at ${firstDifference(actual, expected)}`);
    });
  }

  it('every figure of the catalogue (src/figures/catalog.ts) has a golden file named after it, and nothing else does but the listed extras', () => {
    assert.sameMembers(Object.keys(GOLDEN), [...FIGURE_NAMES, ...EXTRA_GOLDEN_NAMES]);
    assert.sameMembers(Object.keys(rendered), Object.keys(GOLDEN));
  });

  it('rendering the same figures twice exports byte-identical SVG (ids and class names are deterministic)', async () => {
    const again = await renderGoldenSvgs();
    for (const name of Object.keys(GOLDEN) as GoldenName[]) assert.equal(again[name], rendered[name], name);
  });
});
