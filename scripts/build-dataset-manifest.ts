/**
 * Recomputes datasets/manifest.json from the files themselves (examples, bytes, sha256, label
 * counts) and adds what t5lab needs (kind, prefix, metrics, licence files). Provenance fields
 * (source, licence) are kept from the manifest shipped with the data.
 *
 *   node --import tsx scripts/build-dataset-manifest.ts
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseCorpus, parseTsvTask } from '../src/data/parseDataset.ts';
import { parseJsonlPages } from '../src/c4/jsonlPages.ts';

const dir = new URL('../datasets/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as Record<string, Record<string, unknown>>;

const extra: Record<string, { kind: 'corpus' | 'task' | 'pages'; metrics: string[]; licenseFiles: string[] }> = {
  pretrain_sotu: { kind: 'corpus', metrics: [], licenseFiles: ['LICENSES/SOTU-stdlib.txt'] },
  pretrain_factbook: { kind: 'corpus', metrics: [], licenseFiles: [] },
  sentiment: { kind: 'task', metrics: ['accuracy'], licenseFiles: [] },
  define: { kind: 'task', metrics: ['token_f1', 'exact_match'], licenseFiles: ['LICENSES/WordNet-3.0.txt'] },
  translate_en_de: { kind: 'task', metrics: ['bleu', 'chrf'], licenseFiles: ['LICENSES/Ding-trans-de-en.copyright', 'LICENSES/GPL-2.txt'] },
  qa_factbook: { kind: 'task', metrics: ['exact_match', 'token_f1'], licenseFiles: [] },
  cloze_factbook: { kind: 'task', metrics: ['exact_match', 'token_f1'], licenseFiles: [] },
  c4_raw_web: { kind: 'pages', metrics: [], licenseFiles: ['LICENSES/Python-3.11-doc.copyright', 'LICENSES/Debian-FAQ.copyright'] },
};

const out: Record<string, unknown> = {};
for (const [name, entry] of Object.entries(manifest)) {
  const more = extra[name];
  if (!more) throw new Error(`no kind/metrics known for dataset "${name}"`);
  const bytes = readFileSync(new URL(entry.file as string, dir));
  const computed: Record<string, unknown> = {
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
  if (more.kind === 'task') {
    const parsed = parseTsvTask(bytes, entry.file as string);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    computed.examples = parsed.value.examples.length;
    if (entry.labels) {
      const labels: Record<string, number> = {};
      for (const ex of parsed.value.examples) labels[ex.targets] = (labels[ex.targets] ?? 0) + 1;
      computed.labels = labels;
    }
  } else if (more.kind === 'pages') {
    computed.examples = parseJsonlPages(bytes.toString('utf8'), entry.file as string).length;
  } else {
    const parsed = parseCorpus(bytes, entry.file as string);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    computed.examples = parsed.value.documents.length;
  }
  const { available: _available, ...kept } = entry;
  out[name] = { ...kept, kind: more.kind, ...computed, metrics: more.metrics, licenseFiles: more.licenseFiles };
}
writeFileSync(new URL('manifest.json', dir), JSON.stringify(out, null, 1) + '\n');
console.log(`wrote ${Object.keys(out).length} datasets to datasets/manifest.json`);
