import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  autoMetrics,
  detectPrefix,
  metricsFor,
  resolveTask,
  taskNameFromFile,
  userTaskName,
  userTasksOf,
  validateUserTaskSpec,
} from '../../../src/tasks/userTask.ts';
import { bundledTasks } from '../../../src/tasks/bundledTasks.ts';
import { evaluateTask } from '../../../src/tasks/task.ts';

const ex = (pairs: [string, string][]) => pairs.map(([inputs, targets]) => ({ inputs, targets }));

describe('user tasks', () => {
  it('are named after their file, without extension, and never shadow a bundled task', () => {
    assert.equal(taskNameFromFile('/home/me/My Task (v2).tsv'), 'my_task_v2');
    assert.equal(taskNameFromFile('C:\\data\\colours.TSV'), 'colours');
    assert.equal(taskNameFromFile('.tsv'), 'my_task');
    assert.equal(userTaskName('sentiment'), 'sentiment_user');
    assert.equal(userTaskName('colours'), 'colours');
  });

  it('take the prefix every input already starts with, up to its last ": "', () => {
    assert.equal(
      detectPrefix(
        ex([
          ['trivia question: What is A?', 'a'],
          ['trivia question: What is B?', 'b'],
        ]),
      ),
      'trivia question: ',
    );
    assert.equal(
      detectPrefix(
        ex([
          ['define: remove (verb)', 'x'],
          ['define: academy (noun)', 'y'],
        ]),
      ),
      'define: ',
    );
    assert.equal(
      detectPrefix(
        ex([
          ['hello there', 'x'],
          ['hello you', 'y'],
        ]),
      ),
      '',
    );
    assert.equal(
      detectPrefix(
        ex([
          ['a: b', 'x'],
          ['c: d', 'y'],
        ]),
      ),
      '',
    );
  });

  it('are scored with accuracy for labels, exact match and F1 for short answers, BLEU and chrF for sentences', () => {
    const labels = ex(Array.from({ length: 20 }, (_, i) => [`review ${i}`, i % 2 ? 'positive' : 'negative']));
    assert.deepEqual(autoMetrics(labels), ['accuracy']);
    const answers = ex(Array.from({ length: 20 }, (_, i) => [`capital of ${i}?`, `City ${i}`]));
    assert.deepEqual(autoMetrics(answers), ['exact_match', 'token_f1']);
    const sentences = ex(Array.from({ length: 20 }, (_, i) => [`translate: sentence ${i}`, `Das ist der Satz Nummer ${i} hier.`]));
    assert.deepEqual(autoMetrics(sentences), ['bleu', 'chrf']);
    assert.deepEqual(metricsFor('bleu', labels), ['bleu', 'chrf']);
    assert.deepEqual(metricsFor('accuracy', sentences), ['accuracy']);
  });

  it('resolve by name to a task with their source, prefix and metrics; bundled names resolve to the bundled task', () => {
    const task = resolveTask('colours', { colours: { source: 'ds-1', prefix: 'colour: ', metrics: ['accuracy'] } });
    assert.equal(task.source, 'ds-1');
    assert.deepEqual(task.preprocess({ inputs: 'sky', targets: 'blue' }), { inputs: 'colour: sky', targets: 'blue' });
    assert.deepEqual(task.preprocess({ inputs: 'colour: sea', targets: 'blue' }).inputs, 'colour: sea');
    assert.deepEqual(evaluateTask(task, ['blue', 'red'], ['blue ', 'green']), { accuracy: 50 });
    assert.equal(resolveTask('sentiment'), bundledTasks.sentiment);
    assert.throws(() => resolveTask('colours'), /unknown task "colours": not bundled \(sentiment, .*\) and no dataset defines it/);
  });

  it('come from notebook task values that carry a source, and specs are checked field by field', () => {
    assert.equal(userTasksOf([{ name: 'sentiment', prefix: 'sentiment review: ' }]), undefined);
    assert.deepEqual(userTasksOf([{ name: 'colours', source: 'ds-9', prefix: 'c: ', metrics: ['bleu', 'chrf'] }]), {
      colours: { source: 'ds-9', prefix: 'c: ', metrics: ['bleu', 'chrf'] },
    });
    assert.throws(
      () => validateUserTaskSpec({ source: 'x', prefix: '', metrics: ['rouge'] }, 'data.userTasks["t"]'),
      /data\.userTasks\["t"\]\.metrics must be a non-empty list of accuracy, exact_match, token_f1, bleu, chrf/,
    );
    assert.throws(() => validateUserTaskSpec({ prefix: '', metrics: ['bleu'] }, 'spec'), /spec\.source must name a dataset/);
  });
});
