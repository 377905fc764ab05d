import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { bundledDatasetInfo, bundledDatasets } from '../../../src/data/bundled.ts';
import { datasetsDir, loadBundled } from '../../../src/data/bundledFiles.node.ts';
import { bundledTasks } from '../../../src/tasks/bundledTasks.ts';

describe('bundled datasets', () => {
  it('manifest counts, sizes and checksums equal the files (counted here line by line)', () => {
    for (const info of bundledDatasets()) {
      const bytes = readFileSync(new URL(info.file, datasetsDir));
      assert.equal(bytes.length, info.bytes, `${info.name} bytes`);
      assert.equal(createHash('sha256').update(bytes).digest('hex'), info.sha256, `${info.name} sha256`);
      const lines = bytes
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim() !== '');
      assert.equal(lines.length, info.examples, `${info.name} examples`);
      if (info.kind === 'task') for (const l of lines) assert.equal(l.split('\t').length, 2, `${info.name}: ${l.slice(0, 40)}`);
    }
  });

  it('every dataset parses, and every task input starts with the manifest prefix', async () => {
    for (const info of bundledDatasets()) {
      const ds = await loadBundled(info.name);
      // A `pages` dataset (raw web pages for the C4 cell) loads as a corpus of one document per page.
      assert.equal(ds.kind, info.kind === 'pages' ? 'corpus' : info.kind);
      if (ds.kind === 'task') {
        assert.equal(ds.examples.length, info.examples);
        for (const ex of ds.examples) assert.ok(ex.inputs.startsWith(info.prefix!), `${info.name}: ${ex.inputs.slice(0, 40)}`);
      } else assert.equal(ds.documents.length, info.examples);
    }
  });

  it('sentiment label counts in the manifest match the file', async () => {
    const info = bundledDatasetInfo('sentiment') as unknown as { labels: Record<string, number> };
    const ds = await loadBundled('sentiment');
    const counts: Record<string, number> = {};
    if (ds.kind === 'task') for (const ex of ds.examples) counts[ex.targets] = (counts[ex.targets] ?? 0) + 1;
    assert.deepEqual(counts, info.labels);
  });

  it('licence files named in the manifest exist, and each bundled task matches its manifest prefix and metrics', () => {
    for (const info of bundledDatasets()) {
      for (const f of info.licenseFiles) assert.ok(existsSync(new URL(f, datasetsDir)), `${info.name}: ${f}`);
      if (info.kind === 'task') {
        const task = bundledTasks[info.name];
        assert.ok(task, `no task for ${info.name}`);
        assert.equal(task.prefix, info.prefix);
        assert.deepEqual(task.metrics.map((m) => m.name).sort(), [...info.metrics].sort());
      }
    }
  });

  it('an unknown bundled dataset name is named in the error', () => {
    assert.throws(() => bundledDatasetInfo('nope'), /"nope" is unknown/);
  });
});
