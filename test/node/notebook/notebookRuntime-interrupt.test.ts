import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NotebookRuntime } from '../../../src/notebook/notebookRuntime.ts';

const settle = (ms = 30) => new Promise((r) => setTimeout(r, ms));

describe('notebook runtime: interrupting a run', () => {
  it('aborts the running cell and shows it as interrupted; running it again works', async () => {
    const rt = new NotebookRuntime();
    let aborted = false;
    let runs = 0;
    rt.setCell('slow', {
      inputs: [],
      outputs: ['x'],
      lazy: true,
      run: (_i, ctx) => {
        runs++;
        if (runs > 1) return { x: 2 };
        return new Promise((resolve) =>
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            resolve({ x: 1 });
          }),
        );
      },
    });
    await settle();
    assert.equal(rt.interrupt('slow'), false, 'a waiting cell is not running');
    rt.run('slow');
    await settle();
    assert.equal(rt.state('slow')!.status, 'running');
    assert.equal(rt.interrupt('slow'), true);
    await settle();
    assert.equal(aborted, true, 'the run saw its signal abort');
    assert.equal(rt.state('slow')!.status, 'error');
    assert.match(rt.state('slow')!.error ?? '', /interrupted/);
    rt.run('slow');
    await settle();
    assert.equal(rt.state('slow')!.status, 'ok');
    assert.equal(rt.state('slow')!.outputs!.x, 2);
    rt.dispose();
  });
});
