#!/usr/bin/env node
// npm run figures [-- --out DIR] [-- --no-png]: regenerates figures/ (SVG + 2x PNG + README.md) from
// the default notebook's figure cells in headless Chromium. Deterministic: a rerun writes the same
// files. Lazy cells (training, runs) are not run; figures/README.md lists them as skipped. The
// experiment figures come from the cached results in bench/experiments/*.json (nothing is trained).
// Run through npm (node --import tsx), as the pipeline uses the TypeScript core.
import { parseArgs } from 'node:util';
import { exportFigureSet } from './figures-pipeline.mjs';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'figures' },
    'no-png': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});
const started = Date.now();
const { catalog, written } = await exportFigureSet({
  outDir: values.out,
  png: !values['no-png'],
  log: values.verbose ? (line) => console.error(line) : () => {},
});
for (const s of catalog.skipped) console.log(`skipped ${s.cellId} (${s.cellKind}): ${s.reason}`);
console.log(
  `wrote ${written.length} files (${catalog.figures.length} figures) to ${values.out}/ in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
