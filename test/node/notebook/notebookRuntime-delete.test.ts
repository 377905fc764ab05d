import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NotebookRuntime } from '../../../src/notebook/notebookRuntime.ts';

const settle = () => new Promise((r) => setTimeout(r, 30));

describe('notebook runtime: deleting cells', () => {
  it('a deleted cell, with or without outputs, reports nothing more and raises no error', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const rt = new NotebookRuntime();
      rt.setCell('a', { inputs: [], outputs: ['x'], run: () => ({ x: 1 }) });
      rt.setCell('view', { inputs: ['x'], outputs: [], run: () => ({ shown: true }) });
      await settle();
      const seen: string[] = [];
      rt.subscribe('view', (s) => seen.push(s.status));
      seen.length = 0;
      rt.deleteCell('view');
      rt.deleteCell('a');
      await settle();
      assert.deepEqual(seen, []);
      assert.equal(rt.state('view'), undefined);
      rt.setCell('view', { inputs: [], outputs: [], run: () => ({ again: 1 }) });
      await settle();
      assert.equal(rt.state('view')!.status, 'ok', 'a cell can be added again under the same id');
      rt.dispose();
      await settle();
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
