/**
 * The Hugging Face target of `t5lab export-recipe`: a folder that `accelerate launch train.py
 * --config recipe.json` trains on 1..N GPUs. Browser-safe: returns name → contents; the CLI
 * writes them atomically (writeRecipeDir.ts), the runs cell can zip them.
 *
 *   README.md              how to run it, what it needs, what it produces
 *   recipe.json            the run's settings at the chosen scale (recipe.ts)
 *   config.json            the scaled model as an HF T5Config
 *   tokenizer.json, tokenizer_config.json, special_tokens_map.json (+ spiece.model or tokenizer.t5lab.json)  the run's tokenizer
 *   train.py               transformers + accelerate training loop
 *   t5lab_objectives.py    the objectives, bit for bit t5lab's (train.py imports it)
 */
import { hfConfigJsonText } from '../checkpoint/hfConfig.ts';
import { hfTokenizerConfig, hfTokenizerJson } from '../tokenizers/hfTokenizerExport.ts';
import { SentencePieceTokenizer } from '../tokenizers/sentencepieceTokenizer.ts';
import type { Tokenizer } from '../tokenizers/tokenizer.ts';
import { recipeJson, type Recipe } from './recipe.ts';
import { recipeScale } from './scales.ts';
import type { T5Config } from '../model/config.ts';

/** The Python files every HF recipe copies (src/recipes/python/, read by the caller). */
export interface RecipePythonSources {
  objectives: string;
  train: string;
}

export type RecipeFiles = Map<string, string | Uint8Array>;

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

function dataInstructions(recipe: Recipe): string[] {
  if (recipe.data.kind === 'pretrain') {
    const d = recipe.data;
    return [
      `Pre-training text: \`--data FILE\` (a .txt with one document per line, or a .jsonl with a "${recipe.data_source.text_field}" field)`,
      `or \`--dataset NAME [--dataset-config C]\` (a Hugging Face \`datasets\` name, e.g. \`--dataset allenai/c4 --dataset-config en\`).`,
      `Without either, train.py reads \`data/${d.corpus}.txt\` next to it (the t5lab run used the corpus "${d.corpus}").`,
    ];
  }
  return [
    `Tasks: one \`TASK.jsonl\` per task with \`{"inputs": …, "targets": …}\` lines (the text-to-text pairs, task prefix included),`,
    `in \`data/\` next to train.py or in the folder given with \`--data DIR\`: ${recipe.data.names.map((n) => `\`${n}.jsonl\``).join(', ')}.`,
  ];
}

/** The README of an HF recipe. */
export function hfReadme(recipe: Recipe): string {
  const scale = recipeScale(recipe.scale.preset);
  const d = recipe.data;
  const what =
    d.kind === 'pretrain'
      ? `pre-training with \`${d.name}\` (density ${d.density}${d.mask === 'spans' ? `, mean span ${d.mean_span}` : ''}) on "${d.corpus}"`
      : `training on ${d.names.length > 1 ? `a mixture of ${d.names.join(', ')} (${d.mixing.kind} rates)` : d.names[0]}`;
  return [
    `# ${recipe.name} at ${recipe.scale.preset} scale (Hugging Face transformers + accelerate)`,
    '',
    `Exported by t5lab ${recipe.t5lab_version} from ${recipe.source.kind} "${recipe.source.name}" (${recipe.source.id}): ${what}.`,
    `The model is ${recipe.scale.preset}-shaped (${recipe.model.num_layers}+${recipe.model.num_decoder_layers} layers, d_model ${recipe.model.d_model}, vocabulary ${recipe.model.vocab_size} from the run's tokenizer)` +
      `${scale ? `, the shape of \`${scale.hfName}\` (trained from scratch here; nothing is downloaded)` : ''};`,
    `${recipe.steps} steps of ${recipe.batch_size} sequences (the run: ${recipe.scale.run_steps} steps of ${recipe.scale.run_batch_size}, model ${recipe.scale.run_model}).`,
    `Everything else is the run's: sequence lengths ${recipe.lengths.inputs}/${recipe.lengths.targets}, optimizer ${recipe.optimizer.kind}, schedule ${recipe.schedule.kind}, seed ${recipe.seed}.`,
    '',
    '## Run it',
    '',
    '```sh',
    'pip install torch transformers accelerate   # plus `datasets` for --dataset',
    'accelerate config                           # once: GPUs, mixed precision, DeepSpeed/FSDP if wanted',
    'accelerate launch train.py --config recipe.json',
    '```',
    '',
    'A quick check on one GPU first: `accelerate launch --num_processes 1 train.py --config recipe.json --max-steps 200`.',
    ...(recipe.source.initFrom
      ? [
          '',
          `This entry fine-tunes the model of entry "${recipe.source.initFrom}": add \`--init ../${recipe.source.initFrom}/output/checkpoint-N\`.`,
        ]
      : recipe.init.from !== null
        ? [
            '',
            `The t5lab run fine-tuned ${recipe.init.from}: add \`--init CHECKPOINT\` with the ${recipe.scale.preset}-sized model to start from (an HF folder).`,
          ]
        : []),
    '',
    '## Data',
    '',
    ...dataInstructions(recipe),
    '',
    '## What it produces',
    '',
    '`output/trainer_state.json` (the HF Trainer layout: `log_history` with loss, learning_rate, grad_norm and eval_loss per step) and',
    '`output/checkpoint-N/` (config.json, model.safetensors, tokenizer files). Bring them back into t5lab with',
    '`t5lab import-run output` (or drop the folder on the runs cell): the curves overlay the browser runs and the checkpoint',
    'opens in the model and attention cells.',
    '',
    '## Exactness',
    '',
    "`t5lab_objectives.py` is t5lab's objectives in plain Python (its RNG, masks, sentinels, lengths and mixing rates), checked",
    'against t5lab bit for bit; train.py draws every example from one seeded stream, so the data does not depend on the number',
    "of GPUs. Differences from t5lab's own trainer: the validation split is a seeded shuffle (not t5lab's hash split), and",
    "transformers' Adafactor factors every 2-D weight (t5lab only those with both sides ≥ " +
      `${recipe.optimizer.kind === 'adafactor' ? recipe.optimizer.minDimSizeToFactor : 128}).`,
    '',
  ].join('\n');
}

/** Every file of an HF recipe folder. */
export function hfRecipeFiles(recipe: Recipe, model: T5Config, tokenizer: Tokenizer, python: RecipePythonSources): RecipeFiles {
  const files: RecipeFiles = new Map();
  files.set('README.md', hfReadme(recipe));
  files.set('recipe.json', recipeJson(recipe));
  files.set('config.json', hfConfigJsonText(model));
  files.set('tokenizer.json', json(hfTokenizerJson(tokenizer)));
  files.set('tokenizer_config.json', json(hfTokenizerConfig(tokenizer, Math.max(recipe.lengths.inputs, 512))));
  files.set('special_tokens_map.json', json({ pad_token: '<pad>', eos_token: '</s>', unk_token: '<unk>' }));
  // spiece.model is itself exact; any other tokenizer also travels as t5lab's own file, which
  // train.py copies into every checkpoint so `t5lab import-run` gets the exact tokenizer back.
  if (tokenizer instanceof SentencePieceTokenizer) files.set('spiece.model', tokenizer.modelBytes);
  else files.set('tokenizer.t5lab.json', JSON.stringify(tokenizer.toJSON()));
  files.set('train.py', python.train);
  files.set('t5lab_objectives.py', python.objectives);
  return files;
}
