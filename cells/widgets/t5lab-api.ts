/**
 * The `t5lab` builtin of code cells: the public APIs of the core, grouped as in `src/`, so a
 * notebook can do in a few lines what the built-in cells do, e.g.
 *
 *     grid = t5lab.model.bucketGrid(16, 16, { bidirectional: true, numBuckets: 32, maxDistance: 128 })
 *     params = t5lab.model.parameterCount(t5lab.model.preset('t5-small'))
 */
import * as config from '../../src/model/config.ts';
import * as presets from '../../src/model/presets.ts';
import * as parameterCount from '../../src/model/parameterCount.ts';
import * as buckets from '../../src/model/relativePositionBucket.ts';
import * as t5Model from '../../src/model/t5Model.ts';
import * as weightShapes from '../../src/model/weightShapes.ts';
import * as decoding from '../../src/model/decoding.ts';
import * as objectives from '../../src/objectives/index.ts';
import * as byteTokenizer from '../../src/tokenizers/byteTokenizer.ts';
import * as unigramTokenizer from '../../src/tokenizers/unigramTokenizer.ts';
import * as unigramTrainer from '../../src/tokenizers/unigramTrainer.ts';
import * as hfTokenizer from '../../src/tokenizers/hfTokenizer.ts';
import * as loadTokenizer from '../../src/tokenizers/loadTokenizer.ts';
import * as parseDataset from '../../src/data/parseDataset.ts';
import * as split from '../../src/data/split.ts';
import * as bundled from '../../src/data/bundled.ts';
import * as bundledFiles from '../../src/data/bundledFiles.browser.ts';
import * as task from '../../src/tasks/task.ts';
import * as bundledTasks from '../../src/tasks/bundledTasks.ts';
import * as metric from '../../src/tasks/metric.ts';
import * as squadMetrics from '../../src/tasks/squadMetrics.ts';
import * as translationMetrics from '../../src/tasks/translationMetrics.ts';
import * as glueFormats from '../../src/tasks/glueFormats.ts';
import * as safetensors from '../../src/checkpoint/safetensors.ts';
import * as hfConfig from '../../src/checkpoint/hfConfig.ts';
import * as hfCheckpoint from '../../src/checkpoint/hfCheckpoint.ts';
import * as bucketCurve from '../../src/plots/bucketCurve.ts';
import * as theme from '../../src/plots/theme.ts';
import * as figureData from '../../src/plots/figureData.ts';
import * as figureRows from '../../src/plots/figureRows.ts';
import { VALUE } from '../../src/notebook/valueNames.ts';

export const t5labApi = Object.freeze({
  model: Object.freeze({ ...config, ...presets, ...parameterCount, ...buckets, ...t5Model, ...weightShapes, ...decoding }),
  objectives: Object.freeze({ ...objectives }),
  tokenizers: Object.freeze({ ...byteTokenizer, ...unigramTokenizer, ...unigramTrainer, ...hfTokenizer, ...loadTokenizer }),
  data: Object.freeze({
    ...parseDataset,
    ...split,
    ...bundled,
    loadBundled: bundledFiles.loadBundled,
    readBundledFile: bundledFiles.readBundledFile,
  }),
  tasks: Object.freeze({ ...task, ...bundledTasks, ...metric, ...squadMetrics, ...translationMetrics, ...glueFormats }),
  checkpoint: Object.freeze({ ...safetensors, ...hfConfig, ...hfCheckpoint }),
  plots: Object.freeze({ ...bucketCurve, ...theme, ...figureData, ...figureRows }),
  /** The names cells publish by default (see src/notebook/valueNames.ts). */
  values: VALUE,
});
