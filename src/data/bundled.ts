/**
 * The datasets shipped in `datasets/` (see datasets/PROVENANCE.md). This module is pure: how the
 * bytes are read is injected, by `bundledFiles.browser.ts` (Vite asset URLs + fetch, offline) or
 * `bundledFiles.node.ts` (fs).
 */
import manifest from '../../datasets/manifest.json';
import { parseCorpus, parseTsvTask, type Dataset } from './parseDataset.ts';
import { parseJsonlPages } from '../c4/jsonlPages.ts';
import { pageDocuments } from '../c4/pageDocuments.ts';

export type BundledDatasetName = keyof typeof manifest;

export interface BundledDatasetInfo {
  name: BundledDatasetName;
  file: string;
  /** `pages`: raw web-like pages as JSON Lines (`{"text", …}`, src/c4/jsonlPages.ts), for the C4 cleaning cell. */
  kind: 'corpus' | 'task' | 'pages';
  /** Rows (task examples, corpus documents or pages), computed from the file. */
  examples: number;
  bytes: number;
  sha256: string;
  /** Task prefix already present at the start of every input, e.g. "define: ". */
  prefix?: string;
  metrics: string[];
  source: string;
  license: string;
  /** Licence texts under datasets/ that must ship with the file. */
  licenseFiles: string[];
}

/** Reads one file of `datasets/` (by its file name) as bytes. */
export type ReadBundledFile = (file: string) => Promise<Uint8Array>;

/** Every bundled dataset, in manifest order. */
export function bundledDatasets(): BundledDatasetInfo[] {
  return (Object.keys(manifest) as BundledDatasetName[]).map((name) => ({ name, ...(manifest[name] as Omit<BundledDatasetInfo, 'name'>) }));
}

/** The manifest entry of one bundled dataset; throws RangeError naming the unknown name. */
export function bundledDatasetInfo(name: string): BundledDatasetInfo {
  if (!Object.hasOwn(manifest, name)) {
    throw new RangeError(`bundled dataset name "${name}" is unknown (known: ${Object.keys(manifest).join(', ')})`);
  }
  return { name: name as BundledDatasetName, ...(manifest[name as BundledDatasetName] as Omit<BundledDatasetInfo, 'name'>) };
}

/**
 * Reads and parses a bundled dataset. The bundled files are valid by construction (a test
 * checks it), so a parse error here means a broken build and is thrown, not returned. A `pages`
 * dataset loads as a corpus of its raw pages, one document each (the "unfiltered" corpus).
 */
export async function loadBundledDataset(name: string, read: ReadBundledFile): Promise<Dataset> {
  const info = bundledDatasetInfo(name);
  const bytes = await read(info.file);
  if (info.kind === 'pages')
    return { kind: 'corpus', name: info.file, documents: pageDocuments(await loadBundledPages(name, read, bytes)) };
  const parsed = info.kind === 'task' ? parseTsvTask(bytes, info.file) : parseCorpus(bytes, info.file);
  if (!parsed.ok) throw new Error(`bundled dataset ${name} is corrupt: ${parsed.errors.join('; ')}`);
  return parsed.value;
}

/** The page texts of a bundled `pages` dataset, in file order. */
export async function loadBundledPages(name: string, read: ReadBundledFile, bytes?: Uint8Array): Promise<string[]> {
  const info = bundledDatasetInfo(name);
  if (info.kind !== 'pages') throw new RangeError(`bundled dataset "${name}" is a ${info.kind}, not web pages`);
  const text = new TextDecoder().decode(bytes ?? (await read(info.file)));
  return parseJsonlPages(text, info.file).map((p) => p.text);
}
