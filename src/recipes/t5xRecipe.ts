/**
 * The T5X target of `t5lab export-recipe`: `recipe.gin` (T5X's pretrain/finetune run gin, the
 * model gin of the scale, lengths, steps, batch, dropout, optimizer and schedule) and `tasks.py`
 * (seqio Tasks/Mixtures with the t5 preprocessors of the run's objective, seqioMapping.ts, and
 * the mixing rates t5lab computed, written out as literals). Browser-safe, like hfRecipe.ts.
 */
import { SentencePieceTokenizer } from '../tokenizers/sentencepieceTokenizer.ts';
import type { Tokenizer } from '../tokenizers/tokenizer.ts';
import { RecipeError, recipeJson, type Recipe } from './recipe.ts';
import { recipeScale } from './scales.ts';
import { pythonNumber, seqioObjectiveCall, SEQIO_OBJECTIVES } from './seqioMapping.ts';
import type { ObjectiveName } from '../objectives/objectives.ts';
import type { RecipeFiles } from './hfRecipe.ts';

/** A seqio/gin-safe name: lowercase letters, digits and underscores. */
export function recipeSlug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return s === '' ? 'run' : /^[0-9]/.test(s) ? `r_${s}` : s;
}

/** The seqio vocabulary of the run's tokenizer, or a RecipeError naming --target. */
function seqioVocabulary(tokenizer: Tokenizer): string {
  if (tokenizer instanceof SentencePieceTokenizer)
    return `seqio.SentencePieceVocabulary(os.path.join(HERE, "spiece.model"), extra_ids=${tokenizer.numSentinels})`;
  if (tokenizer.kind === 'byte') return `seqio.ByteVocabulary(extra_ids=${tokenizer.vocabSize - 259})`;
  throw new RecipeError(
    '--target',
    `--target t5x needs a SentencePiece or byte tokenizer (seqio has no vocabulary for t5lab's "${tokenizer.kind}" tokenizer); use --target hf`,
  );
}

function scheduleGin(recipe: Recipe): string[] {
  const s = recipe.schedule;
  const p = 'utils.create_learning_rate_scheduler';
  if (s.kind === 'inverse-sqrt')
    return [
      `${p}.factors = 'constant * rsqrt_decay'`,
      `${p}.base_learning_rate = ${pythonNumber(s.scale ?? 1)}`,
      `${p}.warmup_steps = ${s.warmupSteps}`,
    ];
  if (s.kind === 'constant') return [`${p}.factors = 'constant'`, `${p}.base_learning_rate = ${pythonNumber(s.value)}`];
  return [
    "# t5lab's warmup-cosine: linear warm-up, then T5X's cosine decay over the remaining steps",
    `${p}.factors = 'constant * linear_warmup * cosine_decay'`,
    `${p}.base_learning_rate = ${pythonNumber(s.peak)}`,
    `${p}.warmup_steps = ${s.warmupSteps}`,
    `${p}.steps_per_cycle = ${s.totalSteps - s.warmupSteps}`,
  ];
}

function optimizerGin(recipe: Recipe): string[] {
  const o = recipe.optimizer;
  if (o.kind === 'adafactor') {
    const a = 'adafactor.Adafactor';
    return [
      `OPTIMIZER = @${a}()`,
      `${a}.decay_rate = ${pythonNumber(o.decayExponent)}`,
      `${a}.beta1 = ${o.beta1 === 0 ? 'None' : pythonNumber(o.beta1)}`,
      `${a}.clipping_threshold = ${o.clippingThreshold === null ? 'None' : pythonNumber(o.clippingThreshold)}`,
      `${a}.epsilon1 = ${o.epsilon1}`,
      `${a}.epsilon2 = ${o.epsilon2}`,
      `${a}.factored = ${o.factored ? 'True' : 'False'}`,
      `${a}.min_dim_size_to_factor = ${o.minDimSizeToFactor}`,
      `${a}.multiply_by_parameter_scale = ${o.multiplyByParameterScale ? 'True' : 'False'}`,
      `${a}.step_offset = 0`,
    ];
  }
  return [
    'OPTIMIZER = @optimizers.adamw()',
    'optimizers.adamw.learning_rate = @utils.create_learning_rate_scheduler()',
    `optimizers.adamw.b1 = ${pythonNumber(o.beta1)}`,
    `optimizers.adamw.b2 = ${pythonNumber(o.beta2)}`,
    `optimizers.adamw.eps = ${o.epsilon}`,
    `optimizers.adamw.weight_decay = ${pythonNumber(o.weightDecay)}`,
  ];
}

/** recipe.gin. */
export function t5xGin(recipe: Recipe, tokenizer: Tokenizer): string {
  const scale = recipeScale(recipe.scale.preset)!;
  const pretrain = recipe.init.kind === 'scratch';
  const slug = recipeSlug(recipe.name);
  const vocab = seqioVocabulary(tokenizer).replace('os.path.join(HERE, "spiece.model")', '"spiece.model"');
  return [
    `# ${recipe.name} at ${recipe.scale.preset} scale: exported by t5lab ${recipe.t5lab_version} from ${recipe.source.kind} "${recipe.source.name}".`,
    '# Run from this folder (README.md): python -m t5x.train --gin_search_paths=. --gin_file=recipe.gin --gin.MODEL_DIR=\\"gs://…\\"',
    'from __gin__ import dynamic_registration',
    'import __main__ as train_script',
    'import seqio',
    'from t5x import adafactor',
    'from t5x import models',
    'from t5x import optimizers',
    'from t5x import utils',
    'from t5x.examples.t5 import network',
    'import tasks  # registers the seqio tasks of this recipe (tasks.py)',
    '',
    `include '${scale.t5xModelGin}'`,
    `include 't5x/configs/runs/${pretrain ? 'pretrain' : 'finetune'}.gin'`,
    '',
    `MIXTURE_OR_TASK_NAME = "t5lab_${slug}"`,
    'MIXTURE_OR_TASK_MODULE = "tasks"',
    'USE_CACHED_TASKS = False',
    `TASK_FEATURE_LENGTHS = {"inputs": ${recipe.lengths.inputs}, "targets": ${recipe.lengths.targets}}`,
    `TRAIN_STEPS = ${recipe.steps}${pretrain ? '' : "  # finetune.gin counts from the initial checkpoint's step: add its step count"}`,
    `BATCH_SIZE = ${recipe.batch_size}`,
    `DROPOUT_RATE = ${pythonNumber(Number(recipe.model.dropout_rate))}`,
    `RANDOM_SEED = ${recipe.seed}`,
    `train_script.train.random_seed = ${recipe.seed}`,
    ...(pretrain ? [] : ['INITIAL_CHECKPOINT_PATH = %gin.REQUIRED  # --gin.INITIAL_CHECKPOINT_PATH=\\"…/checkpoint_N\\"']),
    '',
    "# The run's tokenizer (its sentinels are the objective's)",
    `VOCABULARY = @${vocab.replace(/\(.*\)$/, '()')}`,
    ...(vocab.startsWith('seqio.Sentence')
      ? [
          'seqio.SentencePieceVocabulary.sentencepiece_model_file = "spiece.model"',
          `seqio.SentencePieceVocabulary.extra_ids = ${tokenizer.numSentinels}`,
        ]
      : [`seqio.ByteVocabulary.extra_ids = ${tokenizer.vocabSize - 259}`]),
    `network.T5Config.vocab_size = ${recipe.model.vocab_size}`,
    `models.EncoderDecoderModel.z_loss = ${pythonNumber(recipe.z_loss)}`,
    '',
    `# Optimizer and schedule of the run (${recipe.optimizer.kind}, ${recipe.schedule.kind})`,
    ...optimizerGin(recipe),
    ...scheduleGin(recipe),
    ...(recipe.clip_gradient_norm !== null
      ? [`# The run clipped gradients to global norm ${recipe.clip_gradient_norm}; T5X's default trainer has no such clip.`]
      : []),
    '',
  ].join('\n');
}

function objectivePreprocessors(recipe: Recipe): string[] {
  if (recipe.data.kind !== 'pretrain') return [];
  const d = recipe.data;
  const call = seqioObjectiveCall(d.name as ObjectiveName, d.density, d.mean_span);
  if (!call)
    throw new RecipeError(
      '--target',
      `--target t5x: the t5 library has no preprocessor for "${d.name}" (see docs/RECIPES.md); use --target hf`,
    );
  if (d.name === 'span_corruption' || d.name === 'prefix_lm') return [call];
  const chunks = ['functools.partial(preprocessors.select_random_chunk, feature_key="targets", max_length=65536)'];
  if (SEQIO_OBJECTIVES[d.name as ObjectiveName]!.concatenate)
    chunks.push('functools.partial(preprocessors.reduce_concat_tokens, batch_size=128)');
  return [...chunks, 'preprocessors.split_tokens_to_inputs_length', call];
}

/** tasks.py: the seqio registrations. */
export function t5xTasksPy(recipe: Recipe, tokenizer: Tokenizer): string {
  const slug = recipeSlug(recipe.name);
  const head = [
    `"""seqio Tasks/Mixtures of ${JSON.stringify(recipe.name).slice(1, -1)}, exported by t5lab ${recipe.t5lab_version} (t5lab objective → t5 preprocessor: docs/RECIPES.md)."""`,
    'import functools',
    'import os',
    '',
    'import seqio',
    'from t5.data import preprocessors',
    '',
    'HERE = os.path.dirname(os.path.abspath(__file__))',
    'DATA_DIR = os.environ.get("T5LAB_DATA", os.path.join(HERE, "data"))',
    `VOCABULARY = ${seqioVocabulary(tokenizer)}`,
    'OUTPUT_FEATURES = {',
    '    "inputs": seqio.Feature(vocabulary=VOCABULARY, add_eos=True, required=False),',
    '    "targets": seqio.Feature(vocabulary=VOCABULARY, add_eos=True),',
    '}',
    '',
  ];
  if (recipe.data.kind === 'pretrain') {
    const d = recipe.data;
    const steps = [
      'functools.partial(preprocessors.rekey, key_map={"inputs": None, "targets": "text"})',
      'seqio.preprocessors.tokenize',
      'seqio.CacheDatasetPlaceholder()',
      ...objectivePreprocessors(recipe),
      'seqio.preprocessors.append_eos_after_trim',
    ];
    return [
      ...head,
      `# ${d.name}: density ${d.density}${d.mask === 'spans' ? `, mean span ${d.mean_span}` : ''}; one document per line of ${d.corpus}.txt`,
      'seqio.TaskRegistry.add(',
      `    "t5lab_${slug}",`,
      `    source=seqio.TextLineDataSource({"train": os.path.join(DATA_DIR, ${JSON.stringify(`${d.corpus}.txt`)})}),`,
      '    preprocessors=[',
      ...steps.map((s) => `        ${s},`),
      '    ],',
      '    output_features=OUTPUT_FEATURES,',
      '    metric_fns=[],',
      ')',
      '',
    ].join('\n');
  }
  const d = recipe.data;
  const tasks = d.names.flatMap((n) => [
    'seqio.TaskRegistry.add(',
    `    "t5lab_task_${recipeSlug(n)}",`,
    `    source=seqio.TextLineDataSource({"train": os.path.join(DATA_DIR, ${JSON.stringify(`${n}.tsv`)})}),`,
    '    preprocessors=[',
    '        functools.partial(preprocessors.parse_tsv, field_names=["inputs", "targets"]),',
    '        seqio.preprocessors.tokenize,',
    '        seqio.CacheDatasetPlaceholder(),',
    '        seqio.preprocessors.append_eos_after_trim,',
    '    ],',
    '    output_features=OUTPUT_FEATURES,',
    '    metric_fns=[],',
    ')',
    '',
  ]);
  const mixing =
    d.mixing.kind === 'equal'
      ? 'equal'
      : d.mixing.kind === 'proportional'
        ? `examples-proportional, K = ${d.mixing.K ?? 'none'}`
        : `temperature T = ${d.mixing.T}, K = ${d.mixing.K}`;
  return [
    ...head,
    ...tasks,
    `# Mixing rates t5lab computed (${mixing}) from the training-set sizes ${JSON.stringify(d.sizes)}`,
    'MIXING_RATES = {',
    ...d.names.map((n) => `    "t5lab_task_${recipeSlug(n)}": ${String(d.rates[n])},`),
    '}',
    `seqio.MixtureRegistry.add("t5lab_${slug}", list(MIXING_RATES.items()))`,
    '',
  ].join('\n');
}

/** The README of a T5X recipe. */
export function t5xReadme(recipe: Recipe): string {
  const pretrain = recipe.init.kind === 'scratch';
  const files =
    recipe.data.kind === 'pretrain'
      ? `\`data/${(recipe.data as { corpus: string }).corpus}.txt\` (one document per line)`
      : (recipe.data as { names: string[] }).names.map((n) => `\`data/${n}.tsv\` (inputs<TAB>targets per line)`).join(', ');
  return [
    `# ${recipe.name} at ${recipe.scale.preset} scale (T5X + seqio)`,
    '',
    `Exported by t5lab ${recipe.t5lab_version} from ${recipe.source.kind} "${recipe.source.name}" (${recipe.source.id}).`,
    `recipe.gin: ${recipe.steps} steps of ${recipe.batch_size} sequences, lengths ${recipe.lengths.inputs}/${recipe.lengths.targets}, optimizer ${recipe.optimizer.kind}, schedule ${recipe.schedule.kind}, seed ${recipe.seed}.`,
    "tasks.py: the seqio task(s) with the t5 library's preprocessors for the run's objective and the rates t5lab computed.",
    '',
    '## Run it',
    '',
    '```sh',
    'pip install t5x t5 seqio   # on the TPU VM or GPU host, as the T5X README describes',
    `export T5LAB_DATA=$PWD/data   # ${files}`,
    `PYTHONPATH=. python -m t5x.train --gin_search_paths=.,$(python -c "import t5x,os;print(os.path.dirname(os.path.dirname(t5x.__file__)))") \\`,
    '  --gin_file=recipe.gin --gin.MODEL_DIR=\\"$MODEL_DIR\\"' + (pretrain ? '' : ' --gin.INITIAL_CHECKPOINT_PATH=\\"$CHECKPOINT\\"'),
    '```',
    '',
    '## What it produces, and bringing it back',
    '',
    '`$MODEL_DIR/checkpoint_N/` (T5X checkpoints) and TensorBoard summaries. To import into t5lab, convert the final checkpoint',
    "to a Hugging Face folder with transformers' converter and import that:",
    '',
    '```sh',
    'python -m transformers.models.t5.convert_t5x_checkpoint_to_pytorch --t5x_checkpoint_path $MODEL_DIR/checkpoint_N \\',
    '  --config_file config.json --pytorch_dump_path hf-model',
    't5lab import-run hf-model',
    '```',
    '',
    "The seqio preprocessors draw their randomness from TensorFlow, so the examples are the objective's but not t5lab's",
    'exact ones; the HF target (`--target hf`) reproduces them bit for bit.',
    '',
  ].join('\n');
}

/** Every file of a T5X recipe folder. */
export function t5xRecipeFiles(recipe: Recipe, tokenizer: Tokenizer, configJson: string): RecipeFiles {
  const files: RecipeFiles = new Map();
  files.set('README.md', t5xReadme(recipe));
  files.set('recipe.json', recipeJson(recipe));
  files.set('recipe.gin', t5xGin(recipe, tokenizer));
  files.set('tasks.py', t5xTasksPy(recipe, tokenizer));
  files.set('config.json', configJson);
  if (tokenizer instanceof SentencePieceTokenizer) files.set('spiece.model', tokenizer.modelBytes);
  return files;
}
