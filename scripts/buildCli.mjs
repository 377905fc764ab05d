#!/usr/bin/env node
// `npm run build:cli [OUT_DIR]` (also run by `prepare`, so `npm ci` / `npm install` do it): compiles the
// CLI's TypeScript into one ES module, dist-cli/main.mjs (npm packages stay external), so
// `t5lab` starts without tsx transpiling ~150 files on every run. dist-cli/build.json records the
// source files it was built from (src/cli/bin.mjs falls back to tsx when any is newer) and the
// output of the argument-less commands (`t5lab`, `--help`, `-h`, `help`, `--version`), which bin.mjs
// prints without loading TensorFlow.js. Without esbuild (an install that omits dev dependencies)
// it does nothing and bin.mjs keeps running the sources through tsx.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Inside the repository, so the bundle's bare imports resolve from its node_modules.
const outDir = resolve(root, process.argv[2] ?? 'dist-cli');
const outFile = join(outDir, 'main.mjs');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.log('build:cli: esbuild is not installed; t5lab will run its sources through tsx');
  process.exit(0);
}

/** Keeps `new URL(x, import.meta.url)` relative to the source file, not to the bundle. */
const sourceRelativeMeta = {
  name: 'source-relative-import-meta',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const fromBundle = relative(outDir, args.path).split('\\').join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

mkdirSync(outDir, { recursive: true });
const tmpFile = join(outDir, `main.${process.pid}.tmp.mjs`);
const started = Date.now();
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  outfile: outFile,
  write: false,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  plugins: [sourceRelativeMeta],
});
const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
// Written under temporary names and renamed into place, so a running t5lab never reads half a file.
const code = result.outputFiles.find((f) => f.path === outFile);
const map = result.outputFiles.find((f) => f.path === `${outFile}.map`);
writeFileSync(tmpFile, code.contents);
writeFileSync(`${tmpFile}.map`, map.contents);

// The argument-less outputs, from the compiled CLI itself.
const { main } = await import(pathToFileURL(tmpFile).href);
const fast = {};
for (const arg of ['', '--help', '-h', 'help', '--version']) {
  let stdout = '';
  let stderr = '';
  const code = await main(arg ? [arg] : [], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  if (code === 0 && stderr === '') fast[arg] = stdout;
}

renameSync(`${tmpFile}.map`, `${outFile}.map`);
renameSync(tmpFile, outFile);
const info = { builtAt: started, inputs, fast };
const tmpInfo = join(outDir, `build.${process.pid}.tmp.json`);
writeFileSync(tmpInfo, JSON.stringify(info, null, 1) + '\n');
renameSync(tmpInfo, join(outDir, 'build.json'));
rmSync(tmpFile, { force: true });
console.log(`build:cli: ${relative(root, outFile)} from ${inputs.length} files in ${Date.now() - started} ms`);
