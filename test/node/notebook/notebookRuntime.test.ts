import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { NotebookRuntime, type CellProgram, type CellState, type Outputs } from '../../../src/notebook/notebookRuntime.ts';
import { analyzeGraph, downstreamOf } from '../../../src/notebook/dependencyGraph.ts';

/** Resolves when the cell's state satisfies `pred` (the runtime computes asynchronously). */
function until(rt: NotebookRuntime, id: string, pred: (s: CellState) => boolean, ms = 2000): Promise<CellState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`cell ${id} never reached the expected state; last: ${JSON.stringify(rt.state(id))}`));
    }, ms);
    const off = rt.subscribe(id, (s) => {
      if (pred(s)) {
        clearTimeout(timer);
        queueMicrotask(() => off());
        resolve(s);
      }
    });
  });
}
const settle = () => new Promise((r) => setTimeout(r, 30));
const constant = (name: string, value: unknown): CellProgram => ({ inputs: [], outputs: [name], run: () => ({ [name]: value }) });

describe('notebook runtime', () => {
  it('re-runs exactly the cells that depend on a changed value', async () => {
    const rt = new NotebookRuntime();
    const runs: string[] = [];
    rt.setCell('a', constant('x', 2));
    rt.setCell('b', { inputs: ['x'], outputs: ['y'], run: ({ x }) => (runs.push('b'), { y: (x as number) * 10 }) });
    rt.setCell('c', { inputs: ['y'], outputs: ['z'], run: ({ y }) => (runs.push('c'), { z: (y as number) + 1 }) });
    rt.setCell('other', { inputs: [], outputs: ['w'], run: () => (runs.push('other'), { w: 0 }) });
    assert.equal((await until(rt, 'c', (s) => s.status === 'ok')).outputs?.z, 21);
    runs.length = 0;
    rt.setCell('a', constant('x', 3));
    assert.equal((await until(rt, 'c', (s) => s.outputs?.z === 31)).status, 'ok');
    await settle();
    assert.deepEqual(runs.sort(), ['b', 'c']);
    rt.dispose();
  });

  it('drops a stale result: a superseded run is aborted and its outputs never appear', async () => {
    const rt = new NotebookRuntime();
    const aborted: number[] = [];
    rt.setCell('a', constant('delay', 200));
    rt.setCell('slow', {
      inputs: ['delay'],
      outputs: ['out'],
      run: ({ delay }, { signal, version }) =>
        new Promise<Outputs>((resolve) => {
          signal.addEventListener('abort', () => aborted.push(version));
          setTimeout(() => resolve({ out: `done after ${delay}` }), delay as number);
        }),
    });
    await settle();
    rt.setCell('a', constant('delay', 10));
    const s = await until(rt, 'slow', (st) => st.status === 'ok');
    assert.equal(s.outputs?.out, 'done after 10');
    assert.deepEqual(aborted, [1]);
    await new Promise((r) => setTimeout(r, 250));
    assert.equal(rt.state('slow')?.outputs?.out, 'done after 10', 'the old run must not overwrite the new result');
    rt.dispose();
  });

  it('an error blocks its dependents, which name the failing cell, and keeps their last output', async () => {
    const rt = new NotebookRuntime();
    rt.setCell('a', constant('x', 1));
    rt.setCell('b', {
      inputs: ['x'],
      outputs: ['y'],
      run: ({ x }) => {
        if ((x as number) < 0) throw new Error('x must be positive');
        return { y: x };
      },
    });
    rt.setCell('c', { inputs: ['y'], outputs: ['z'], run: ({ y }) => ({ z: y }) });
    await until(rt, 'c', (s) => s.status === 'ok');
    rt.setCell('a', constant('x', -1));
    const b = await until(rt, 'b', (s) => s.status === 'error');
    assert.equal(b.error, 'x must be positive');
    const c = await until(rt, 'c', (s) => s.status === 'blocked');
    assert.equal(c.blockedBy, 'b');
    assert.equal(c.error, 'blocked by b');
    assert.equal(c.outputs?.z, 1, 'the last good output stays');
    assert.equal(c.stale, true);
    rt.setCell('a', constant('x', 5));
    assert.equal((await until(rt, 'c', (s) => s.status === 'ok')).outputs?.z, 5);
    rt.dispose();
  });

  it('reports a cycle with its path and a name defined twice, naming the cells', () => {
    const rt = new NotebookRuntime();
    rt.setCell('a', { inputs: ['y'], outputs: ['x'], run: ({ y }) => ({ x: y }) });
    rt.setCell('b', { inputs: ['x'], outputs: ['y'], run: ({ x }) => ({ y: x }) });
    rt.setCell('d1', constant('k', 1));
    rt.setCell('d2', constant('k', 2));
    const problems = rt.graphProblems();
    const cycle = problems.find((p) => p.kind === 'cycle');
    assert.ok(cycle && cycle.kind === 'cycle');
    assert.deepEqual(cycle.path, ['a', 'b', 'a']);
    assert.equal(cycle.message, 'circular definition: a → b → a');
    const dup = problems.find((p) => p.kind === 'duplicate');
    assert.ok(dup && dup.kind === 'duplicate');
    assert.deepEqual(dup.cells, ['d1', 'd2']);
    rt.deleteCell('b');
    assert.equal(rt.graphProblems().filter((p) => p.kind === 'cycle').length, 0);
    rt.dispose();
  });

  it('a lazy cell waits for Run, then runs; an input change marks it stale instead of re-running it', async () => {
    const rt = new NotebookRuntime();
    let trainings = 0;
    rt.setCell('cfg', constant('steps', 3));
    rt.setCell('train', {
      lazy: true,
      inputs: ['steps'],
      outputs: ['loss'],
      run: ({ steps }) => (trainings++, { loss: 1 / (steps as number) }),
    });
    rt.setCell('plot', { inputs: ['loss'], outputs: ['label'], run: ({ loss }) => ({ label: `loss ${loss}` }) });
    await until(rt, 'train', (s) => s.status === 'waiting');
    const plot = await until(rt, 'plot', (s) => s.status === 'waiting');
    assert.equal(plot.blockedBy, 'train');
    assert.equal(trainings, 0);
    rt.run('train');
    assert.equal((await until(rt, 'plot', (s) => s.status === 'ok')).outputs?.label, 'loss 0.3333333333333333');
    rt.setCell('cfg', constant('steps', 4));
    const stale = await until(rt, 'train', (s) => s.status === 'waiting' && s.stale);
    assert.equal(stale.outputs?.loss, 1 / 3, 'old outputs stay visible');
    assert.equal(trainings, 1);
    rt.run('train');
    assert.equal((await until(rt, 'plot', (s) => s.outputs?.label === 'loss 0.25')).status, 'ok');
    assert.equal(trainings, 2);
    rt.dispose();
  });

  it('a lazy cell blocked by a failing input stops naming it once that input recovers', async () => {
    const rt = new NotebookRuntime();
    const config = (ok: boolean): CellProgram => ({
      inputs: [],
      outputs: ['config'],
      run: () => {
        if (!ok) throw new RangeError('too many parameters');
        return { config: 1 };
      },
    });
    rt.setCell('model', config(true));
    rt.setCell('train', { inputs: ['config'], outputs: ['run'], lazy: true, run: ({ config: c }) => ({ run: c }) });
    await until(rt, 'train', (s) => s.status === 'waiting');
    assert.equal(rt.state('train')!.blockedBy, undefined);
    rt.setCell('model', config(false));
    const blocked = await until(rt, 'train', (s) => s.status === 'blocked');
    assert.equal(blocked.blockedBy, 'model');
    rt.setCell('model', config(true));
    const waiting = await until(rt, 'train', (s) => s.status === 'waiting' && rt.state('model')!.status === 'ok');
    await settle();
    assert.equal(rt.state('train')!.blockedBy, undefined, 'no longer "waiting for" the model, which is ok again');
    assert.equal(rt.state('train')!.error, undefined);
    assert.equal(waiting.status, 'waiting');
    rt.dispose();
  });

  it('replacing or deleting a cell disposes the tensors it produced', async () => {
    await tf.setBackend('cpu');
    const rt = new NotebookRuntime();
    const before = tf.memory().numTensors;
    const program = (n: number): CellProgram => ({
      inputs: [],
      outputs: ['t'],
      run: () => ({ t: tf.ones([n]) }),
      dispose: (out) => (out.t as tf.Tensor).dispose(),
    });
    rt.setCell('weights', program(4));
    await until(rt, 'weights', (s) => s.status === 'ok');
    assert.equal(tf.memory().numTensors, before + 1);
    rt.setCell('weights', program(8));
    await until(rt, 'weights', (s) => s.status === 'ok' && (s.outputs?.t as tf.Tensor).size === 8);
    assert.equal(tf.memory().numTensors, before + 1, 'the replaced tensor was disposed');
    rt.deleteCell('weights');
    assert.equal(tf.memory().numTensors, before);
    rt.dispose();
  });

  it('a name no cell defines is an error naming it, not a browser global', async () => {
    const rt = new NotebookRuntime();
    rt.setCell('a', { inputs: ['process'], outputs: ['v'], run: ({ process }) => ({ v: process }) });
    const s = await until(rt, 'a', (st) => st.status === 'error' || st.status === 'blocked');
    assert.match(s.error ?? '', /"process" is not defined by any cell/);
    assert.deepEqual(
      rt.graphProblems().map((p) => p.kind),
      ['missing'],
    );
    rt.dispose();
  });
});

describe('dependency graph', () => {
  it('orders cells after the cells they read and finds everything downstream', () => {
    const cells = [
      { id: 'plot', inputs: ['loss'], outputs: [] },
      { id: 'train', inputs: ['model', 'data'], outputs: ['loss'] },
      { id: 'model', inputs: [], outputs: ['model'] },
      { id: 'data', inputs: [], outputs: ['data'] },
    ];
    const { order, problems } = analyzeGraph(cells);
    assert.deepEqual(problems, []);
    assert.ok(order.indexOf('model') < order.indexOf('train') && order.indexOf('train') < order.indexOf('plot'));
    assert.deepEqual([...downstreamOf(cells, 'model')].sort(), ['plot', 'train']);
  });
});
