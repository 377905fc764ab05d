/**
 * Measures what the page pays to receive a parsed 42 MB multi-line corpus from the upload worker,
 * as a structured clone (what postMessage does) plus the page-side rebuild:
 * - "previous reply": the parsed rows as strings, one length row per document and the validation
 *   indices, then the split rebuilt on the page (the reply before packed rows);
 * - "packed reply": counts, the rows packed in two buffers, split indices and length bins, moved by
 *   transfer, then the split views (src/data/parsedForCell.ts);
 * - "publish + read a page": building the published value and reading the 8 rows the cell shows.
 * Run: node --import tsx scripts/measureUploadReply.ts (numbers only; no assertion).
 */
import { parseForCell, parsedTransfer, viewOfParsed } from '../src/data/parsedForCell.ts';
import { parseCorpus } from '../src/data/parseDataset.ts';
import { lengthRows } from '../src/data/datasetValue.ts';
import { corpusValueOfRows } from '../src/data/datasetValue.ts';
import { PackedRowsView } from '../src/data/packedRows.ts';

const line = (i: number) => `line ${i} ` + 'lorem ipsum dolor sit amet consectetur '.repeat(10);
const lines: string[] = [];
let size = 0;
for (let i = 0; size < 42e6; i++) {
  const l = line(i);
  lines.push(l);
  size += l.length + 1;
}
const text = lines.join('\n');
const ds = parseCorpus(text, 'big.txt');
if (!ds.ok || ds.value.kind !== 'corpus') throw new Error('parse');
const documents = ds.value.documents;
const t = (f: () => void) => {
  const s = performance.now();
  f();
  return performance.now() - s;
};
for (let r = 0; r < 3; r++) {
  const p = parseForCell('corpus', 'big.txt', text);
  if (!p.ok) throw new Error('parse');
  const validationIndices = p.value.validationIndices.slice();
  const previous = { dataset: ds.value, view: { summary: p.value.summary, lengths: lengthRows(ds.value) }, validationIndices };
  const before = t(() => {
    const w = structuredClone(previous, { transfer: [previous.validationIndices.buffer] });
    const isValidation = new Uint8Array(w.dataset.documents.length);
    for (const i of w.validationIndices) isValidation[i] = 1;
    const splits: { train: string[]; validation: string[] } = { train: [], validation: [] };
    w.dataset.documents.forEach((d, i) => (isValidation[i] ? splits.validation : splits.train).push(d));
  });
  let received = p.value;
  const after = t(() => {
    received = structuredClone(p.value, { transfer: parsedTransfer(p.value) });
    viewOfParsed(received);
  });
  const publish = t(() => {
    const value = corpusValueOfRows('big.txt', 'ds-x', new PackedRowsView<string>(received.packed));
    viewOfParsed(received).splits.train.slice(0, 8);
    value.rows!.slice(0, 8);
  });
  console.log(
    `${documents.length} lines, ${(size / 1e6).toFixed(1)} MB: previous reply (clone + split on the page) ${before.toFixed(0)} ms; ` +
      `packed reply (clone with transfer + split views) ${after.toFixed(1)} ms; publish + read a page ${publish.toFixed(1)} ms`,
  );
}
