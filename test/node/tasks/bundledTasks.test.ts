import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bundledTasks, sentimentTask, translateEnDeTask } from '../../../src/tasks/bundledTasks.ts';
import { evaluateTask, mixingProportions, pickTask, withPrefix, type Mixture } from '../../../src/tasks/task.ts';

describe('tasks and mixtures', () => {
  it('preprocess adds the prefix once: bundled inputs already carry it, user inputs get it', () => {
    assert.deepEqual(sentimentTask.preprocess({ inputs: 'sentiment review: Great!', targets: 'positive' }), {
      inputs: 'sentiment review: Great!',
      targets: 'positive',
    });
    assert.equal(translateEnDeTask.preprocess({ inputs: 'Hello.', targets: 'Hallo.' }).inputs, 'translate English to German: Hello.');
    assert.equal(withPrefix('define: ', 'define: x'), 'define: x');
  });

  it('evaluates with the task metrics after postprocessing (trimmed output)', () => {
    assert.deepEqual(evaluateTask(sentimentTask, ['positive', 'negative'], [' positive\n', 'positive']), { accuracy: 50 });
    const qa = evaluateTask(bundledTasks.qa_factbook, ['Algiers'], ['the Algiers']);
    assert.deepEqual(qa, { exact_match: 100, token_f1: 100 });
  });

  it('mixes tasks in proportion to the rate function and picks them by a uniform number', () => {
    const sizes: Record<string, number> = { sentiment: 3000, define: 19424, translate_en_de: 14000, qa_factbook: 2485 };
    const mixture: Mixture = { name: 'all', tasks: Object.keys(sizes).map((n) => bundledTasks[n]), rate: (t) => sizes[t.name] };
    const props = mixingProportions(mixture);
    const total = 3000 + 19424 + 14000 + 2485;
    assert.ok(Math.abs(props.get('define')! - 19424 / total) < 1e-12);
    assert.equal(pickTask(mixture, 0).name, 'sentiment');
    assert.equal(pickTask(mixture, 3000 / total + 1e-9).name, 'define');
    assert.equal(pickTask(mixture, 0.999999).name, 'qa_factbook');
  });

  it('names a task whose rate is invalid', () => {
    const mixture: Mixture = { name: 'm', tasks: [sentimentTask, translateEnDeTask], rate: (t) => (t.name === 'sentiment' ? 1 : -2) };
    assert.throws(() => mixingProportions(mixture), /rate of task "translate_en_de" must be a finite number ≥ 0/);
  });
});
