/**
 * Ships the bundled datasets' licences and provenance with the build: `dist/datasets/` gets
 * LICENSES/*, PROVENANCE.md, manifest.json and SHA256SUMS, at the same paths the dev server
 * serves them from the repository, so the About view's links work in both (and the service
 * worker precaches them with the data).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/** The files, relative to `datasets/`, that carry licences and provenance. */
export function licenceFiles(datasetsDir: string): string[] {
  const licences = readdirSync(join(datasetsDir, 'LICENSES'))
    .sort()
    .map((f) => `LICENSES/${f}`);
  return [...licences, 'PROVENANCE.md', 'manifest.json', 'SHA256SUMS'];
}

export function datasetLicences(datasetsDir: string): Plugin {
  return {
    name: 't5lab-dataset-licences',
    apply: 'build',
    generateBundle() {
      if (this.environment?.name && this.environment.name !== 'client') return;
      for (const file of licenceFiles(datasetsDir)) {
        this.emitFile({ type: 'asset', fileName: `datasets/${file}`, source: readFileSync(join(datasetsDir, file)) });
      }
    },
  };
}
