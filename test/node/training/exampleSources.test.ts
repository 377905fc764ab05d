import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MixtureSource, PretrainingSource, TaskSource, epochOrder, type TokenizedExample } from '../../../src/training/exampleSources.ts';
import { vocabOfSize } from '../../../src/objectives/vocab.ts';

const DOCS = Array.from({ length: 12 }, (_, d) => Int32Array.from({ length: 20 + 7 * d }, (_, i) => 3 + ((d * 31 + i) % 90)));
const OPTIONS = { objective: 'span_corruption' as const, inputsLength: 24, vocab: vocabOfSize(128), seed: 9, docsPerStream: 3 };

const take = (source: { next(): TokenizedExample }, n: number) => Array.from({ length: n }, () => source.next());
const plain = (xs: TokenizedExample[]) => xs.map((x) => [Array.from(x.inputs), Array.from(x.targets)]);

describe('example sources', () => {
  it('pre-training: a source rebuilt from a JSON cursor continues with the same examples, across epochs', () => {
    const a = new PretrainingSource(DOCS, OPTIONS);
    take(a, 17);
    const cursor = JSON.parse(JSON.stringify(a.cursor()));
    const expected = plain(take(a, 40)); // long enough to cross into the next epoch
    assert.ok(a.cursor().epoch >= 1, 'the 57 examples span more than one epoch');
    const b = new PretrainingSource(DOCS, OPTIONS, cursor);
    assert.deepEqual(plain(take(b, 40)), expected);
  });

  it('pre-training: every example fits the input length and ends with EOS; epochs visit documents in new orders', () => {
    const s = new PretrainingSource(DOCS, OPTIONS);
    for (const ex of take(s, 30)) {
      assert.ok(ex.inputs.length <= 24, `inputs ${ex.inputs.length} ≤ 24`);
      assert.equal(ex.inputs[ex.inputs.length - 1], 1);
      assert.equal(ex.targets[ex.targets.length - 1], 1);
    }
    assert.notDeepEqual(Array.from(epochOrder(12, 9, 0)), Array.from(epochOrder(12, 9, 1)));
    assert.deepEqual(
      Array.from(epochOrder(12, 9, 1)).sort((x, y) => x - y),
      [...Array(12).keys()],
    );
  });

  it('a task source yields each example once per epoch and resumes from its cursor', () => {
    const examples = Array.from({ length: 7 }, (_, i) => ({ inputs: Int32Array.from([10 + i, 1]), targets: Int32Array.from([20 + i, 1]) }));
    const s = new TaskSource('t', examples, 4);
    const firstEpoch = take(s, 7)
      .map((e) => e.inputs[0])
      .sort((x, y) => x - y);
    assert.deepEqual(firstEpoch, [10, 11, 12, 13, 14, 15, 16]);
    take(s, 3);
    const resumed = new TaskSource('t', examples, 4, s.cursor());
    assert.deepEqual(plain(take(resumed, 9)), plain(take(s, 9)));
  });

  it('a mixture samples tasks in proportion to their rates and resumes exactly', () => {
    const mk = (tag: number, seed: number) =>
      new TaskSource(`task${tag}`, [{ inputs: Int32Array.from([tag, 1]), targets: Int32Array.from([tag, 1]) }], seed);
    const rates = { task1: 0.75, task2: 0.25 };
    const m = new MixtureSource([mk(1, 0), mk(2, 0)], rates, 3);
    const n = 4000;
    const ones = take(m, n).filter((e) => e.inputs[0] === 1).length;
    assert.ok(Math.abs(ones / n - 0.75) < 0.03, `share of task1 ${ones / n}`);
    const cursor = m.cursor();
    const tasks = [
      new TaskSource('task1', [{ inputs: Int32Array.from([1, 1]), targets: Int32Array.from([1, 1]) }], 0, cursor.tasks.task1),
      new TaskSource('task2', [{ inputs: Int32Array.from([2, 1]), targets: Int32Array.from([2, 1]) }], 0, cursor.tasks.task2),
    ];
    const resumed = new MixtureSource(tasks, rates, 3, cursor);
    assert.deepEqual(plain(take(resumed, 50)), plain(take(m, 50)));
    assert.throws(() => new MixtureSource([mk(1, 0)], { task1: -1 }, 0), /mixing rate of task "task1" must be a number ≥ 0/);
  });
});
