/** Node access to the bundled datasets (CLI, node tests, benchmarks): plain fs reads. */
import { readFile } from 'node:fs/promises';
import { loadBundledDataset, type ReadBundledFile } from './bundled.ts';
import type { Dataset } from './parseDataset.ts';

/** The `datasets/` folder of this checkout. */
export const datasetsDir = new URL('../../datasets/', import.meta.url);

export const readBundledFile: ReadBundledFile = async (file) => {
  if (typeof file !== 'string' || file.includes('/') || file.includes('\\'))
    throw new RangeError(`readBundledFile: file must be a bare file name (got "${file}")`);
  return new Uint8Array(await readFile(new URL(file, datasetsDir)));
};

/** Loads and parses a bundled dataset from disk. */
export function loadBundled(name: string): Promise<Dataset> {
  return loadBundledDataset(name, readBundledFile);
}
