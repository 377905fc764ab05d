/**
 * Browser access to the bundled datasets: Vite emits each file as a build asset (`?url`), so the
 * app fetches them from its own origin and works without any network beyond that.
 */
import sotuUrl from '../../datasets/pretrain_sotu.txt?url';
import factbookUrl from '../../datasets/pretrain_factbook.txt?url';
import sentimentUrl from '../../datasets/sentiment.tsv?url';
import defineUrl from '../../datasets/define.tsv?url';
import translateUrl from '../../datasets/translate_en_de.tsv?url';
import qaUrl from '../../datasets/qa_factbook.tsv?url';
import clozeUrl from '../../datasets/cloze_factbook.tsv?url';
import c4RawWebUrl from '../../datasets/c4_raw_web.jsonl?url';
import { loadBundledDataset, type ReadBundledFile } from './bundled.ts';
import type { Dataset } from './parseDataset.ts';

const urls: Record<string, string> = {
  'pretrain_sotu.txt': sotuUrl,
  'pretrain_factbook.txt': factbookUrl,
  'sentiment.tsv': sentimentUrl,
  'define.tsv': defineUrl,
  'translate_en_de.tsv': translateUrl,
  'qa_factbook.tsv': qaUrl,
  'cloze_factbook.tsv': clozeUrl,
  'c4_raw_web.jsonl': c4RawWebUrl,
};

export const readBundledFile: ReadBundledFile = async (file) => {
  const url = urls[file];
  if (!url) throw new RangeError(`readBundledFile: file "${file}" is not a bundled dataset file`);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`readBundledFile: fetching ${file} failed with HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
};

const cache = new Map<string, Promise<Dataset>>();

/** Loads (once per page) and parses a bundled dataset. */
export function loadBundled(name: string): Promise<Dataset> {
  let p = cache.get(name);
  if (!p) {
    p = loadBundledDataset(name, readBundledFile);
    p.catch(() => cache.delete(name));
    cache.set(name, p);
  }
  return p;
}
