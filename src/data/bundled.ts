/**
 * The datasets shipped in `datasets/` (see datasets/PROVENANCE.md). This module is pure: how the
 * bytes are read is injected, by `bundledFiles.browser.ts` (Vite asset URLs + fetch, offline) or
 * `bundledFiles.node.ts` (fs).
 */
import manifest from '../../datasets/manifest.json';
import { parseCorpus, parseTsvTask, type Dataset } from './parseDataset.ts';

export type BundledDatasetName = keyof typeof manifest;

export interface BundledDatasetInfo {
  name: BundledDatasetName;
  file: string;
  kind: 'corpus' | 'task';
  /** Rows (task examples or corpus documents), computed from the file. */
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
 * checks it), so a parse error here means a broken build and is thrown, not returned.
 */
export async function loadBundledDataset(name: string, read: ReadBundledFile): Promise<Dataset> {
  const info = bundledDatasetInfo(name);
  const bytes = await read(info.file);
  const parsed = info.kind === 'task' ? parseTsvTask(bytes, info.file) : parseCorpus(bytes, info.file);
  if (!parsed.ok) throw new Error(`bundled dataset ${name} is corrupt: ${parsed.errors.join('; ')}`);
  return parsed.value;
}
