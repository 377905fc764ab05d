import type { NotebookDocument } from '../../src/notebook/notebookDocument.ts';

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
        id: 'data-intro',
        kind: 'markdown',
        params: {
          source: `## Text to text

Every task is a pair of strings, and a task prefix tells the model what to do:
\`translate English to German: That is good.\` → \`Das ist gut.\` The translation task below (sentence
pairs from the Ding dictionary) is split into train and validation by a hash of the input, so the split
is the same on every machine. Pick another bundled task, or drop your own \`.tsv\` file
(input⇥target per line) on the cell.`,
        },
      },
      { id: 'task-data', kind: 'dataset', params: { source: 'bundled', name: 'translate_en_de' } },
      {
        id: 'corpus-intro',
        kind: 'markdown',
        params: {
          source: `## Unlabeled text and the vocabulary

Pre-training needs only unlabeled text: the paper used C4, this tour the prose of the CIA World
Factbook. T5's vocabulary is a SentencePiece model of 32,000 pieces; here a 2,048-piece unigram model is
trained on the corpus in your browser, together with a few hundred examples of each task, so that the
model's own instructions (\`translate English to German:\`) are whole pieces, as T5's vocabulary was built on C4
plus the WMT languages. Ids 0, 1 and 2 are padding, end of sequence and unknown; the top
100 ids are the sentinels \`<extra_id_0>\` … \`<extra_id_99>\` that stand for corrupted spans
(sentinel k = vocab_size − 1 − k).`,
        },
      },
      { id: 'corpus-data', kind: 'dataset', params: { source: 'bundled', name: 'pretrain_factbook' } },
      {
        id: 'c4-intro',
        kind: 'markdown',
        params: {
          source: `## How C4 was cleaned

C4 is Common Crawl's text after a few heuristics (§2.2): keep lines that end in terminal punctuation and
have at least 3 words, drop pages with fewer than 5 sentences, with "lorem ipsum", a curly brace or a
bad-word-list term, drop lines about JavaScript or cookie and privacy policies, remove citation markers,
keep one copy of every repeated three-sentence span, and keep English pages. The cell below runs each
rule over 261 raw pages (Python's documentation and Debian FAQ chapters in four other languages, navigation
and footers left in) and shows what each rule removed, page by page. It publishes its pages as
\`c4Corpus\`, which the pre-training data study further down (Table 8) trains on as one of its corpora: switch
**Publish** between cleaned and unfiltered here and that study marks its results stale; press its **Run** and only
the C4 arm trains again (Table 8's first two rows). In a notebook of its own it publishes \`corpus\` for the
tokenizer, model and train cells.`,
        },
      },
      { id: 'c4', kind: 'c4', params: { source: 'bundled', publish: 'cleaned', output: 'c4Corpus' } },
      {
        id: 'tokenizer',
        kind: 'tokenizer',
        params: {
          type: 'unigram',
          vocabSize: 2048,
          trainOnTasks: ['sentiment', 'define', 'translate_en_de', 'qa_factbook', 'cloze_factbook'],
          sample: 'T5 casts every task as text: translate English to German: The house is wonderful.',
        },
      },
      {
        id: 'model-intro',
        kind: 'markdown',
        params: {
          source: `## The model

T5 is an encoder–decoder Transformer with a few choices of its own: a scale-only RMS layer norm before
every sub-layer, no bias terms, relative position biases instead of position embeddings, and (in
v1.0) an output layer that reuses the input embedding. The tour builds a tiny model whose vocabulary
follows the tokenizer; pick \`t5-base\` to see the size of the paper's baseline (223 M parameters).`,
        },
      },
      { id: 'model', kind: 'model', params: { preset: 'workbench-micro', config: {}, vocabFromTokenizer: true } },
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
      { id: 'buckets', kind: 'buckets', params: { numBuckets: 32, maxDistance: 128, gridLength: 40, biasFrom: 'model' } },
      {
        id: 'attention-intro',
        kind: 'markdown',
        params: {
          source: `## Attention

The model above, run on a sentence pair: the encoder attends in both directions, the decoder only to
earlier positions, and cross-attention links every decoder position to every input token. The model is
untrained, so the maps show what initialisation and the position bias alone produce. Click a small map
to enlarge it, hover a token, and show the position bias separately to see its share.`,
        },
      },
      {
        id: 'attention',
        kind: 'attention',
        params: {
          inputText: 'translate English to German: The house is wonderful.',
          targetText: 'Das Haus ist wunderbar.',
          maxTokens: 32,
          view: 'encoderSelf',
          layer: 0,
          head: 0,
          showBias: false,
        },
      },
      {
        id: 'generate-intro',
        kind: 'markdown',
        params: {
          source: `## Generate

Text in, text out: the model above decodes greedily (or with beam search), each output token shows the
probability the model gave it, and the grid shows which input tokens it attended to. An untrained model
babbles; open a real checkpoint folder (e.g. \`t5-small\`: config.json, model.safetensors, spiece.model)
in the model cell and it translates.`,
        },
      },
      {
        id: 'generate',
        kind: 'generate',
        params: { text: 'translate English to German: The house is wonderful.', search: 'greedy', beamSize: 4, maxSteps: 16 },
      },
      {
        id: 'architectures-intro',
        kind: 'markdown',
        params: {
          source: `## Architectures

Besides the encoder-decoder, the paper (§3.2, Table 2) tries an encoder-decoder whose two stacks share
their weights, a decoder-only **language model** that reads inputs and targets as one causal sequence,
and a **prefix LM**, the same stack but fully visible over the inputs. They differ only in which keys
each position may attend to — the three masks below, drawn over the tokenizer's pieces — and in how
many weights they own. The comparison trains each (press **Run**) and shows its validation loss next to
the paper's Table 2; the encoder-decoder with denoising came out best there.`,
        },
      },
      {
        id: 'architectures',
        kind: 'architectures',
        params: { inputText: 'Thank you for inviting me', targetText: 'to your party last week .', maxTokens: 24 },
      },
      {
        id: 'architecture-comparison',
        kind: 'architecture-comparison',
        params: { mode: 'equal-compute', objectives: ['denoising'], steps: 30, layers: 2, seeds: 3 },
      },
      {
        id: 'objectives-intro',
        kind: 'markdown',
        params: {
          source: `## Pre-training objectives

T5 learns from unlabeled text by corrupting it and predicting what was corrupted. The paper compares
prefix language modeling, BERT-style and MASS-style masking, deshuffling, and replacing or dropping
i.i.d. corrupted tokens, and settles on **span corruption**: 15% of the tokens in spans of mean length 3,
each span replaced by one sentinel in the input, the target listing the spans after their sentinels.
Short targets make it the cheapest to train (§3.3).`,
        },
      },
      { id: 'objectives', kind: 'objectives', params: { objective: 'span_corruption', density: 0.15, meanSpan: 3, inputsLength: 48 } },
      {
        id: 'train-intro',
        kind: 'markdown',
        params: {
          source: `## Pre-training

Now train the tour's model with span corruption on the Factbook corpus, in a background worker so the page
stays responsive. The paper pre-trained for 2<sup>19</sup> steps of 65,536 tokens with Adafactor; this run
takes 150 steps of 8 short sequences, enough to see the loss fall in well under a minute. Press **Train**;
pause or stop it at any time, and a run cut short by a reload can be resumed from its last checkpoint.
The trained model is published as \`trainedModel\` (set the buckets cell's *learned bias of* to it).`,
        },
      },
      {
        id: 'train',
        kind: 'train',
        params: {
          mode: 'pretrain',
          objective: 'span_corruption',
          density: 0.15,
          meanSpan: 3,
          optimizer: 'adafactor',
          schedule: 'constant',
          learningRate: 0.01,
          batchSize: 8,
          inputLength: 64,
          targetLength: 0,
          steps: 150,
          seed: null,
          backend: 'auto',
          logEvery: 5,
        },
      },
      { id: 'runs', kind: 'runs', params: { selected: null, smoothing: 0.6, logX: false, logY: false } },
      {
        id: 'mixing-intro',
        kind: 'markdown',
        params: {
          source: `## Multi-task mixing (§3.5.2)

Training one model on many tasks at once raises a question: how often should each task be sampled?
**Equal** mixing gives every task 1/N of the examples, so tiny tasks are seen over and over while
huge ones are barely touched. **Examples-proportional** mixing samples task *m* with rate
min(e<sub>m</sub>, K) / Σ min(e<sub>n</sub>, K): proportional to its size *e<sub>m</sub>*, but any task
larger than the artificial limit *K* counts as *K* examples, so WMT and the unlabeled C4 task cannot
crowd everything else out. **Temperature-scaled** mixing raises those capped sizes to 1/*T* before
normalising (the paper used K = 2<sup>21</sup>); *T* = 1 is examples-proportional and a large *T*
approaches equal mixing. The paper found examples-proportional mixing with K ≈ 2<sup>18</sup>–2<sup>19</sup>
or T = 2 worked best, still a little behind pre-training then fine-tuning (Table 11). Move K and T
below, or add your own tasks with their sizes.`,
        },
      },
      {
        id: 'mixing',
        kind: 'mixing',
        params: { strategy: 'proportional', log2K: 19, T: 2, paperTasks: true, userSizes: {}, includeTask: false },
      },
      {
        id: 'comparison-intro',
        kind: 'markdown',
        params: {
          source: `## Which objective? (§3.3)

The paper compared pre-training objectives by training the same model with each under the same budget,
then fine-tuning on every benchmark: BERT-style denoising beat prefix language modelling and deshuffling
(Table 4), and pre-training beat none by far (Table 1). The paper only trusts differences larger than its
run-to-run spread, and so does this cell: every arm runs over 3 seeds, the table shows each seed's value,
the mean and a Student-t 95% interval, and each arm is compared with BERT-style by the paired difference,
called *better*/*worse* only when its interval excludes zero. The \`tiny\` budget (a demo, a few minutes)
is too small to show anything — expect *within noise*. With the \`study\` budget (the
\`cloze_factbook\` task, whose answers are only in the pre-training corpus; about 30 minutes on 2 CPU
cores) our 3-seed run showed one effect outside the noise: fine-tuning from scratch had a validation loss
0.21 nats/token higher than BERT-style pre-training (95% CI 0.13 to 0.28), as in the paper; the objectives
differed by less than the noise, and exact-match stayed near 0 for every arm.`,
        },
      },
      {
        id: 'comparison',
        kind: 'comparison',
        lazy: true,
        params: { preset: 'objectives', arms: [], budget: 'tiny', seeds: 3, pretrainSteps: null, finetuneSteps: null, task: '' },
      },
      {
        id: 'data-study-intro',
        kind: 'markdown',
        params: {
          source: `## Which pre-training data, and how much repetition? (§3.4)

The paper pre-trained the same model for the same 2<sup>35</sup> tokens on C4, unfiltered C4 and smaller
domain corpora (Table 8): cleaning helped (unfiltered C4 scored 1.8 GLUE points lower), and three of the much smaller
corpora (RealNews-like, WebText-like, Wikipedia + TBC) scored a little higher on GLUE than C4. Then it truncated C4 to 2<sup>29</sup> … 2<sup>23</sup> tokens, so that the same budget
repeated the data 64 … 4,096 times (Table 9): 64 repeats cost little, heavy repetition hurt. The first cell below
pre-trains on the two bundled corpora and on the C4 cell's pages (\`c4Corpus\`), then fine-tunes each on
sentiment; the second pre-trains on the whole State of the Union corpus and on slices of it sized to be seen about
1, 4, 16 and 64 times (a slice that would hold less than one document is left out), and scores each by the validation loss on the whole corpus's held-out text. Each arm runs over
3 seeds with a 95% interval, and a difference is called only where the paired interval excludes zero.

What the \`tiny\` budget can show: the mechanics, and how often each slice was seen (the *data seen* column,
counted from the runs). What it cannot: at 30 pre-training steps no corpus has been learned, so expect *within
noise* for Table 8, and read a Table 9 difference only as far as its interval goes: the *data seen* column gives the
repeats these runs reached, far below the paper's 64 to 4,096 repeats of millions of tokens. Larger runs: \`t5lab experiment --preset
pretraining-data\` or \`--preset repetition\` with \`--budget study\`. Press **Run**.`,
        },
      },
      {
        id: 'data-study',
        kind: 'paper-study',
        lazy: true,
        params: {
          study: 'pretraining-data',
          budget: 'tiny',
          seeds: 3,
          pretrainSteps: null,
          finetuneSteps: null,
          task: '',
          corpusFrom: 'c4Corpus',
        },
      },
      {
        id: 'repetition-study',
        kind: 'paper-study',
        lazy: true,
        params: { study: 'repetition', budget: 'tiny', seeds: 3, pretrainSteps: null, finetuneSteps: null, task: '', corpusFrom: '' },
      },
      {
        id: 'finetune-study-intro',
        kind: 'markdown',
        params: {
          source: `## Which weights to fine-tune? (§3.5.1)

Fine-tuning every weight is expensive when a model is huge, so the paper tried training fewer (Table 10):
**adapter layers**, a small dense–ReLU–dense block of inner width d after every feed-forward block with only the
adapters and layer norms trained, and **gradual unfreezing**, which trains the top block first and unfreezes one
more block of each stack every k steps. Small adapters fell well behind on the large tasks (translation,
summarisation), d = 2048 came close, and gradual unfreezing was slightly worse than fine-tuning everything, on every
benchmark. The cell below pre-trains one tiny model (2 blocks per stack) and fine-tunes it once per strategy
on sentiment, over 3 seeds. The *trained parameters* and *FLOPs* columns are exact counts of these runs (the
*share* column: how much of the model each strategy trained). The accuracies are another matter: 30 fine-tuning
steps of a model with d_model 32 decide little, so expect *within noise* against full fine-tuning; and widths
128 … 2048 make each adapter larger than the feed-forward block it follows (d_ff is 64 here, 3,072 in T5-Base),
which is not the paper's regime. Press **Run**.`,
        },
      },
      {
        id: 'finetune-study',
        kind: 'paper-study',
        lazy: true,
        params: {
          study: 'finetuning-strategies',
          budget: 'tiny',
          seeds: 3,
          pretrainSteps: null,
          finetuneSteps: null,
          task: '',
          corpusFrom: '',
        },
      },
      {
        id: 'multitask-intro',
        kind: 'markdown',
        params: {
          source: `## Training on all tasks at once (§3.5.2)

Instead of pre-training then fine-tuning, the paper also trained one model on a mixture of every task and
compared mixing strategies (Table 11). The cell below trains the same tiny model on two bundled tasks
(sentiment and factbook trivia) with equal, examples-proportional (K = 2<sup>19</sup>, which caps nothing
here, and K = 256, which does) and temperature-scaled (T = 2) mixing, and plots each task's validation
metric over the steps. Every strategy runs over 3 seeds (starting at the notebook's seed): the first table
gives each seed's mixture average (the mean of the tasks' metrics), the mean and its 95% interval, and says
for each strategy whether it differs from equal mixing or is within noise. At this size only sentiment
learns and the trivia questions stay near 0 exact match, so expect "within noise": ranking the strategies
as Table 11 does needs far more steps (\`t5lab experiment --preset multitask --budget study --seeds 3\`).
Press **Run**.`,
        },
      },
      {
        id: 'multitask',
        kind: 'multitask',
        lazy: true,
        params: {
          strategies: [
            { kind: 'equal' },
            { kind: 'proportional', K: 524288 },
            { kind: 'proportional', K: 256 },
            { kind: 'temperature', T: 2, K: 2097152 },
          ],
          tasks: ['sentiment', 'qa_factbook'],
          steps: 240,
          evaluations: 4,
          seeds: 3,
        },
      },
      {
        id: 'scaling-intro',
        kind: 'markdown',
        params: {
          source: `## Scaling (§3.6)

Given 4× the compute, should you train longer, use bigger batches, a bigger model, or an ensemble?
The paper (Table 13) found bigger models and longer training both helped, and ensembles helped
in a way the others did not. The cell below trains tiny models of growing width (or depth, steps, batch,
or the Table 13 strategies) and plots the final loss against parameters, training FLOPs and tokens on
log-log axes, with a fitted power law L = a·x<sup>−α</sup> + c. Each point runs over 3 seeds: the plot shows
every seed and the 95% interval of the mean, and the table says which sizes differ from the smallest
outside the seed-to-seed noise. Press **Run**.`,
        },
      },
      { id: 'scaling', kind: 'scaling', lazy: true, params: { sweep: 'width', multipliers: [1, 2, 4], steps: 30, seeds: 3 } },
    ],
  };
}
