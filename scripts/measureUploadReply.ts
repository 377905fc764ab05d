/**
 * Measures what the page pays to receive a parsed 42 MB multi-line corpus from the upload worker:
 * structured-clone of the old reply (dataset + split rows) vs the new one (dataset + validation
 * indices) plus fromWire. Run: node --import tsx scripts/measureUploadReply.ts (numbers only; no assertion).
 */
import { datasetView, fromWire, parseForCell, toWire } from '../src/data/parseOffThread.ts';
const line = (i: number) => `line ${i} ` + 'lorem ipsum dolor sit amet consectetur '.repeat(10);
const lines: string[] = [];
let size = 0;
let i = 0;
while (size < 42e6) {
  const l = line(i++);
  lines.push(l);
  size += l.length + 1;
}
const text = lines.join('\n');
const p = parseForCell('corpus', 'big.txt', text);
if (!p.ok) throw new Error('parse');
const old = { ok: true, type: 'parse', dataset: p.value.dataset, view: datasetView(p.value.dataset) };
const { wire } = toWire(p.value);
const t = (f: () => void) => {
  const s = performance.now();
  f();
  return performance.now() - s;
};
for (let r = 0; r < 3; r++) {
  const before = t(() => structuredClone(old));
  const after = t(() => fromWire(structuredClone(wire)));
  console.log(
    `${lines.length} lines, ${(size / 1e6).toFixed(1)} MB: clone of old reply ${before.toFixed(0)} ms; clone of new reply + fromWire ${after.toFixed(0)} ms`,
  );
}
