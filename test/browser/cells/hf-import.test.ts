import { assert } from '@esm-bundle/chai';
import '../../../cells/kinds/model.ts';
import '../../../cells/kinds/buckets.ts';
import '../../../cells/kinds/generate.ts';
import '../../../cells/kinds/attention.ts';
import '../../../cells/kinds/tokenizer.ts';
import type { AttentionCell } from '../../../cells/kinds/attention.ts';
import type { AttentionSnapshot } from '../../../src/model/attentionSnapshot.ts';
import { readHfFolder } from '../../../src/checkpoint/hfFolder.ts';
import { modelFromHfTensors, modelWeightValues } from '../../../src/checkpoint/hfCheckpoint.ts';
import type { ModelCell } from '../../../cells/kinds/model.ts';
import type { BucketsCell } from '../../../cells/kinds/buckets.ts';
import type { GenerateCell } from '../../../cells/kinds/generate.ts';
import type { HfImportPanel } from '../../../cells/widgets/hf-import-panel.ts';
import { readSafetensors, writeSafetensors, type Float32TensorInput } from '../../../src/checkpoint/safetensors.ts';
import { exportHfFolder } from '../../../src/checkpoint/hfExport.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import { parameterCount } from '../../../src/model/parameterCount.ts';
import { SentencePieceTokenizer } from '../../../src/tokenizers/sentencepieceTokenizer.ts';
import { figureData } from '../../../src/plots/figureRows.ts';
import { HfCheckpointStore } from '../../../src/storage/hfCheckpointStore.ts';
import { readHfConfig } from '../../../src/checkpoint/hfConfig.ts';
import { useBackend } from '../helpers/backends.ts';
import { CellHarness, rendered } from './harness.ts';

const FIXTURE = '/test/fixtures/hf-tiny-t5/t5-v1_0-relu';
const bytesOf = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());

/** Picks files with the real file input, as a user (or a script using the hook) would. */
async function pick(model: ModelCell, files: File[]): Promise<HfImportPanel> {
  await model.updateComplete;
  const panel = model.shadowRoot!.querySelector('t5-hf-import-panel') as HfImportPanel;
  await panel.updateComplete;
  const input = panel.shadowRoot!.querySelector('input[type=file][data-role=hf-import]') as HTMLInputElement;
  assert.isTrue(input.multiple);
  const dt = new DataTransfer();
  files.forEach((f) => dt.items.add(f));
  input.files = dt.files;
  input.dispatchEvent(new Event('change'));
  return panel;
}

/** The import error the panel shows, once the (worker-side) check has answered. */
async function importError(panel: HfImportPanel): Promise<Element> {
  for (let i = 0; i < 600; i++) {
    await panel.updateComplete;
    const el = panel.shadowRoot!.querySelector('[data-import-error]');
    if (el) return el;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the panel showed no import error within 30 s');
}

describe('model cell: opening a Hugging Face checkpoint folder', () => {
  const made: string[] = [];
  before(() => useBackend('cpu'));
  after(async () => {
    const store = new HfCheckpointStore();
    for (const c of await store.list()) if (made.includes(c.id)) await store.delete(c.id);
  });

  it('shows the parameter count and learned position bias of an HF-written checkpoint, and keeps it after a reload', async () => {
    const config = new TextDecoder().decode(await bytesOf(`${FIXTURE}/config.json`));
    const weights = await bytesOf(`${FIXTURE}/model.safetensors`);
    const h = new CellHarness(3);
    const model = h.add<ModelCell>('t5-model-cell', 'model', 'model', { preset: 'workbench-micro', config: {}, vocabFromTokenizer: false });
    const buckets = h.add<BucketsCell>('t5-buckets-cell', 'buckets', 'buckets', {
      numBuckets: 32,
      maxDistance: 128,
      gridLength: 40,
      biasFrom: 'model',
    });
    await h.ok('model');
    await h.ok('buckets');
    const runs = h.runtime.state('model')!.runs;
    const bucketRuns = h.runtime.state('buckets')!.runs;
    await pick(model, [
      new File([config], 'config.json'),
      new File([weights as BlobPart], 'model.safetensors'),
      new File(['ignored'], 'pytorch_model.bin'),
    ]);
    await h.ok('model', runs);
    const id = model.spec.params.checkpoint as string;
    made.push(id);
    assert.match(id, /^hf-/);
    await rendered(model);
    const expected = parameterCount(readHfConfig(config).config);
    assert.equal(model.getAttribute('data-params'), String(expected));
    assert.include(model.shadowRoot!.querySelector('[data-imported]')!.textContent, 'T5 v1.0');
    // The buckets cell draws the bias table stored in the file.
    await h.ok('buckets', bucketRuns);
    await rendered(buckets);
    const table = readSafetensors(weights).tensors.get('encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight')!.data;
    const rows = figureData(buckets.shadowRoot!.querySelector('figure[data-figure="learned-bias-buckets"]')!) as {
      stack: string;
      bias: number;
    }[];
    assert.deepEqual(
      rows.filter((r) => r.stack === 'encoder').map((r) => r.bias),
      Array.from(table),
    );
    h.dispose();

    // A reload: a fresh cell with the saved params reads the files from IndexedDB.
    const h2 = new CellHarness(3);
    const again = h2.add<ModelCell>('t5-model-cell', 'model', 'model', { preset: 'workbench-micro', config: {}, checkpoint: id });
    await h2.ok('model');
    await rendered(again);
    assert.equal(again.getAttribute('data-params'), String(expected));
    const panel = again.shadowRoot!.querySelector('t5-hf-import-panel') as HfImportPanel;
    await rendered(panel);
    assert.isNotNull(panel.shadowRoot!.querySelector(`li.selected[data-checkpoint-id="${id}"]`));
    h2.dispose();
  });

  it('a t5lab export (F16, with its spiece.model) imports and the generate cell turns text into text', async () => {
    const sp = new SentencePieceTokenizer(await bytesOf('/test/fixtures/sentencepiece/unigram-unk.model'));
    const source = T5Model.create(
      {
        dModel: 16,
        dFf: 24,
        numHeads: 2,
        dKv: 6,
        numLayers: 2,
        numDecoderLayers: 2,
        vocabSize: 704,
        relativeAttentionNumBuckets: 8,
        relativeAttentionMaxDistance: 16,
      },
      { seed: 5 },
    );
    const files = await exportHfFolder(source, { tokenizer: sp, dtype: 'F16' });
    source.dispose();
    const h = new CellHarness(3);
    const model = h.add<ModelCell>('t5-model-cell', 'model', 'model', { preset: 'workbench-micro', config: {}, vocabFromTokenizer: false });
    const gen = h.add<GenerateCell>('t5-generate-cell', 'gen', 'generate', {
      text: 'translate English to German: The house is small.',
      search: 'greedy',
      beamSize: 2,
      maxSteps: 5,
    });
    await h.until('gen', (s) => s.status === 'error');
    assert.match(h.runtime.state('gen')!.error!, /the model has no tokenizer/);
    const runs = h.runtime.state('model')!.runs;
    await pick(
      model,
      [...files].map(([name, data]) => new File([data as BlobPart], name)),
    );
    const out = await h.ok('model', runs);
    made.push(model.spec.params.checkpoint as string);
    assert.include(model.shadowRoot!.querySelector('[data-imported]')!.textContent, 'F16');
    const g = (await h.ok('gen', h.runtime.state('gen')!.runs)).view as { text: string; outputIds: number[]; probabilities: number[] };
    const tok = out.modelTokenizer as SentencePieceTokenizer;
    assert.equal(tok.kind, 'sentencepiece');
    assert.equal(g.text, sp.decode(g.outputIds));
    await rendered(gen);
    assert.equal(gen.shadowRoot!.querySelector('[data-output-text]')!.textContent, g.text);
    assert.lengthOf(gen.shadowRoot!.querySelectorAll('[data-probabilities] .tok'), g.outputIds.length);
    assert.isNotNull(gen.shadowRoot!.querySelector('table[data-cross-attention]'));
    g.probabilities.forEach((p) => assert.isTrue(p > 0 && p <= 1));
    h.dispose();
  });

  it("a dropped t5lab export shows its parameter count, learned bias per head and attention in the model's own tokenizer, parsed in a worker, and survives a reload", async () => {
    const sp = new SentencePieceTokenizer(await bytesOf('/test/fixtures/sentencepiece/unigram-unk.model'));
    const source = T5Model.create(
      { dModel: 16, dFf: 24, numHeads: 3, dKv: 6, numLayers: 2, numDecoderLayers: 2, vocabSize: 704, relativeAttentionNumBuckets: 8 },
      { seed: 11 },
    );
    const exported = await exportHfFolder(source, { tokenizer: sp, dtype: 'BF16' });
    source.dispose();
    const files = new Map([...exported].map(([n, v]) => [n, typeof v === 'string' ? new TextEncoder().encode(v) : v]));
    const INPUT = 'The house is small.';
    const TARGET = 'Das Haus ist klein.';
    const h = new CellHarness(3);
    // The notebook's tokenizer is bytes: the attention cell must use the checkpoint's spiece.model instead.
    h.add('t5-tokenizer-cell', 'tok', 'tokenizer', { type: 'byte' });
    const model = h.add<ModelCell>('t5-model-cell', 'model', 'model', { preset: 'workbench-micro', config: {}, vocabFromTokenizer: false });
    const buckets = h.add<BucketsCell>('t5-buckets-cell', 'buckets', 'buckets', {
      numBuckets: 8,
      maxDistance: 128,
      gridLength: 40,
      biasFrom: 'model',
    });
    const att = h.add<AttentionCell>('t5-attention-cell', 'att', 'attention', {
      inputText: INPUT,
      targetText: TARGET,
      maxTokens: 32,
      view: 'encoderSelf',
      layer: 0,
      head: 0,
    });
    await h.ok('model');
    await h.ok('att');
    const runs = h.runtime.state('model')!.runs;
    const attRuns = h.runtime.state('att')!.runs;
    const bucketRuns = h.runtime.state('buckets')!.runs;

    // Drop the files on the panel's drop zone, watching the panel while it works.
    await model.updateComplete;
    const panel = model.shadowRoot!.querySelector('t5-hf-import-panel') as HfImportPanel;
    await panel.updateComplete;
    let sawProgress = false;
    const watch = new MutationObserver(() => (sawProgress ||= panel.shadowRoot!.querySelector('[data-import-progress]') !== null));
    watch.observe(panel.shadowRoot!, { subtree: true, childList: true, attributes: true });
    const dt = new DataTransfer();
    for (const [name, data] of files) dt.items.add(new File([data as BlobPart], name));
    panel
      .shadowRoot!.querySelector('[data-drop-zone]')!
      .dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    const out = await h.ok('model', runs);
    watch.disconnect();
    assert.isTrue(sawProgress, 'the progress bar was shown while the files were read');
    assert.equal(panel.lastParsedIn, 'worker');
    const id = model.spec.params.checkpoint as string;
    made.push(id);
    await rendered(model);
    const reading = readHfFolder(files);
    assert.equal(model.getAttribute('data-params'), String(reading.summary.params));
    assert.include(model.shadowRoot!.querySelector('[data-imported]')!.textContent, 'BF16');

    // The published model has exactly the weights the main-thread reader builds.
    const published = await modelWeightValues(out.model as T5Model);
    const reference = modelFromHfTensors(reading.config, reading.tensors, { headSharesEmbedding: reading.headSharesEmbedding });
    for (const [name, w] of await modelWeightValues(reference)) assert.deepEqual(published.get(name)!.values, w.values, name);
    reference.dispose();

    // Learned position bias per head, from the file's table [buckets × heads].
    await h.ok('buckets', bucketRuns);
    await rendered(buckets);
    const table = reading.tensors.get('encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight')!.data;
    const rows = figureData(buckets.shadowRoot!.querySelector('figure[data-figure="learned-bias-buckets"]')!) as {
      stack: string;
      bucket: number;
      head: number;
      bias: number;
    }[];
    for (let head = 0; head < 3; head++) {
      const mine = rows.filter((r) => r.stack === 'encoder' && r.head === head).sort((a, b) => a.bucket - b.bucket);
      assert.deepEqual(
        mine.map((r) => r.bias),
        Array.from({ length: 8 }, (_, b) => table[b * 3 + head]),
        `head ${head}`,
      );
    }

    // Attention maps over the checkpoint's own SentencePiece pieces.
    await h.ok('att', attRuns);
    await rendered(att);
    const snap = h.runtime.state('att')!.outputs!.snapshot as AttentionSnapshot;
    assert.deepEqual(
      snap.inputTokens.map((t) => t.id),
      [...sp.encode(INPUT), 1],
    );
    assert.equal(snap.heads, 3);
    const L = snap.inputTokens.length;
    assert.lengthOf(figureData(att.shadowRoot!.querySelector('figure[data-figure="attention-map"]')!)!, L * L);
    h.dispose();

    // A reload: the stored files are parsed again (in the worker) and the same model comes back.
    const h2 = new CellHarness(3);
    const again = h2.add<ModelCell>('t5-model-cell', 'model', 'model', { preset: 'workbench-micro', config: {}, checkpoint: id });
    const back = await h2.ok('model');
    await rendered(again);
    assert.equal(again.getAttribute('data-params'), String(reading.summary.params));
    assert.equal((back.modelTokenizer as SentencePieceTokenizer).kind, 'sentencepiece');
    const reloaded = await modelWeightValues(back.model as T5Model);
    for (const [name, w] of published) assert.deepEqual(reloaded.get(name)!.values, w.values, name);
    const panel2 = again.shadowRoot!.querySelector('t5-hf-import-panel') as HfImportPanel;
    await rendered(panel2);
    assert.isNotNull(panel2.shadowRoot!.querySelector(`li.selected[data-checkpoint-id="${id}"]`));
    h2.dispose();
  });

  it('a folder without weights, or with a shard missing, is refused naming the file; nothing is stored', async () => {
    const config = await bytesOf(`${FIXTURE}/config.json`);
    const h = new CellHarness(3);
    const model = h.add<ModelCell>('t5-model-cell', 'model', 'model', { preset: 'workbench-micro', config: {}, vocabFromTokenizer: false });
    const before = (await new HfCheckpointStore().list()).length;
    let panel = await pick(model, [new File([config as BlobPart], 'config.json')]);
    await importError(panel);
    assert.include(panel.shadowRoot!.querySelector('[data-import-error]')!.textContent, 'no model.safetensors');
    const tensors = new Map<string, Float32TensorInput>();
    for (const [n, t] of readSafetensors(await bytesOf(`${FIXTURE}/model.safetensors`)).tensors)
      tensors.set(n, { shape: t.shape, data: t.data as Float32Array });
    const weightMap = Object.fromEntries(
      [...tensors.keys()].map((n, i) => [n, i % 2 ? 'model-00002-of-00002.safetensors' : 'model-00001-of-00002.safetensors']),
    );
    const first = new Map([...tensors].filter(([n]) => weightMap[n].startsWith('model-00001')));
    panel = await pick(model, [
      new File([config as BlobPart], 'config.json'),
      new File([JSON.stringify({ weight_map: weightMap })], 'model.safetensors.index.json'),
      new File([writeSafetensors(first) as BlobPart], 'model-00001-of-00002.safetensors'),
    ]);
    await importError(panel);
    assert.include(
      panel.shadowRoot!.querySelector('[data-import-error]')!.textContent,
      'lists model-00002-of-00002.safetensors, which is missing',
    );
    assert.equal((await new HfCheckpointStore().list()).length, before);
    assert.isUndefined(model.spec.params.checkpoint);
    h.dispose();
  });
});
