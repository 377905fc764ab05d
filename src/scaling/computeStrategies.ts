/**
 * The paper's "4× compute" scaling strategies (Table 13, §3.6) built from a base model and run
 * shape, as data a sweep can queue: each strategy says which config to train, for how many steps
 * at which batch size, and how many independently trained models are ensembled.
 *
 * Bigger models: the paper's 2×/4× models are BERT-large width with 16/32 layers per stack
 * (presets 'paper-2x', 'paper-4x' next to 't5-base'). For an arbitrary small base the default
 * here multiplies the depth of both stacks by 2 and 4, which scales the per-token FLOPs of the
 * layers by the same factor (embeddings do not grow, so parameters grow a little less); pass
 * `larger` to use other configs (e.g. the paper's own).
 */
import { validateConfig, type T5Config } from '../model/config.ts';
import { runCompute, validateRunShape, type RunCompute, type RunShape } from './runCompute.ts';
import { positiveInt } from '../validation/checks.ts';

export type ComputeStrategyId =
  | 'baseline'
  | '1x-size-4x-steps'
  | '1x-size-4x-batch'
  | '2x-size-2x-steps'
  | '4x-size-1x-steps'
  | '4x-ensemble'
  | '4x-ensemble-finetune-only';

export interface ComputeStrategy {
  id: ComputeStrategyId;
  /** The row label of the paper's Table 13 (src/paper/tables.ts uses the same labels). */
  label: string;
  config: T5Config;
  /** Pre-training run of one model. */
  run: RunShape;
  /** Models whose logits are averaged (1 = no ensemble). */
  ensemble: number;
  /** true for "4× ensembled, fine-tune only": one pre-trained model, fine-tuned `ensemble` times. */
  sharedPretraining: boolean;
  /** Compute of one model's pre-training run (parameters, tokens, FLOPs). */
  perModel: RunCompute;
  /** Parameters across the ensemble. */
  totalParams: number;
  /** Pre-training FLOPs across the ensemble (shared pre-training counts once). */
  pretrainFlops: number;
  /** pretrainFlops relative to the baseline's. */
  computeMultiple: number;
}

export interface StrategyOptions {
  /** Configs for the 2× and 4× sizes; default: the base with 2× / 4× layers in both stacks. */
  larger?: { x2: T5Config; x4: T5Config };
}

/** The base config with `factor` × the layers of both stacks. */
export function scaleDepth(config: T5Config, factor: number): T5Config {
  positiveInt(factor, 'scaleDepth: factor');
  return validateConfig({ ...config, numLayers: config.numLayers * factor, numDecoderLayers: config.numDecoderLayers * factor });
}

/** The baseline plus the six rows of Table 13, in the paper's order. */
export function fourTimesComputeStrategies(base: T5Config, run: RunShape, options: StrategyOptions = {}): ComputeStrategy[] {
  const baseConfig = validateConfig(base);
  validateRunShape(run, 'fourTimesComputeStrategies: run');
  const x2 = options.larger ? validateConfig(options.larger.x2) : scaleDepth(baseConfig, 2);
  const x4 = options.larger ? validateConfig(options.larger.x4) : scaleDepth(baseConfig, 4);
  const baseFlops = runCompute(baseConfig, run).flops;

  const make = (
    id: ComputeStrategyId,
    label: string,
    config: T5Config,
    shape: RunShape,
    ensemble = 1,
    sharedPretraining = false,
  ): ComputeStrategy => {
    const perModel = runCompute(config, shape);
    const pretrainFlops = perModel.flops * (sharedPretraining ? 1 : ensemble);
    return {
      id,
      label,
      config,
      run: shape,
      ensemble,
      sharedPretraining,
      perModel,
      totalParams: perModel.params * ensemble,
      pretrainFlops,
      computeMultiple: pretrainFlops / baseFlops,
    };
  };
  return [
    make('baseline', 'Baseline', baseConfig, { ...run }),
    make('1x-size-4x-steps', '1× size, 4× training steps', baseConfig, { ...run, steps: run.steps * 4 }),
    make('1x-size-4x-batch', '1× size, 4× batch size', baseConfig, { ...run, batch: run.batch * 4 }),
    make('2x-size-2x-steps', '2× size, 2× training steps', x2, { ...run, steps: run.steps * 2 }),
    make('4x-size-1x-steps', '4× size, 1× training steps', x4, { ...run }),
    make('4x-ensemble', '4× ensembled', baseConfig, { ...run }, 4),
    make('4x-ensemble-finetune-only', '4× ensembled, fine-tune only', baseConfig, { ...run }, 4, true),
  ];
}
