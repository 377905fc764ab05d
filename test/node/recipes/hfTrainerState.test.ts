/**
 * parseTrainerState on a trainer_state.json in transformers' documented TrainerState layout
 * (test/fixtures/recipes/hf-trainer/trainer_state.json: written by hand following that layout —
 * no GPU or transformers here to make one — with logging every 5 steps, evaluation every 20 and
 * the final train_* summary entry), and on bad inputs.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseTrainerState, TrainerStateError } from '../../../src/recipes/hfTrainerState.ts';

const text = readFileSync(fileURLToPath(new URL('../../fixtures/recipes/hf-trainer/trainer_state.json', import.meta.url)), 'utf8');
const raw = JSON.parse(text) as { log_history: Record<string, number>[] };

describe('parseTrainerState', () => {
  it('turns every training log entry into a history entry with loss, learning rate and gradient norm', () => {
    const r = parseTrainerState(text);
    const train = raw.log_history.filter((e) => e.loss !== undefined);
    assert.equal(r.history.length, train.length);
    assert.deepEqual(
      r.history.map((h) => [h.step, h.loss, h.learningRate, h.gradNorm]),
      train.map((e) => [e.step, e.loss, e.learning_rate, e.grad_norm]),
    );
    assert.equal(r.globalStep, 40);
    assert.equal(r.maxSteps, 40);
    assert.equal(r.trainLoss, 3.4781);
  });

  it('puts each eval_loss on the entry of its step and keeps the summary entry out of the history', () => {
    const r = parseTrainerState(text);
    const evals = raw.log_history.filter((e) => e.eval_loss !== undefined);
    assert.deepEqual(
      r.history.filter((h) => h.valLoss !== undefined).map((h) => [h.step, h.valLoss]),
      evals.map((e) => [e.step, e.eval_loss]),
    );
    assert.equal(r.history.filter((h) => h.step === 40).length, 1);
  });

  it('counts examples from the batch size and tokens from num_input_tokens_seen, else from the recipe lengths', () => {
    const perDevice = parseTrainerState(text);
    assert.equal(perDevice.history[0].examplesSeen, 5 * 8);
    assert.ok(Number.isNaN(perDevice.history[0].tokensSeen));
    assert.equal(perDevice.tokensFrom, 'unknown');
    const withRecipe = parseTrainerState(text, { globalBatchSize: 128, tokensPerExample: 512 + 114 });
    assert.equal(withRecipe.history[1].tokensSeen, 10 * 128 * 626);
    assert.equal(withRecipe.tokensFrom, 'estimate');
    const logged = JSON.parse(text) as { log_history: Record<string, number>[] };
    logged.log_history.forEach((e) => e.loss !== undefined && (e.num_input_tokens_seen = e.step * 1000));
    const fromLog = parseTrainerState(JSON.stringify(logged), { globalBatchSize: 128, tokensPerExample: 626 });
    assert.equal(fromLog.history[2].tokensSeen, 15000);
    assert.equal(fromLog.tokensFrom, 'num_input_tokens_seen');
  });

  it('collects other eval_* numbers as metrics of that step', () => {
    const s = JSON.parse(text) as { log_history: Record<string, number>[] };
    s.log_history.push({ step: 40, eval_loss: 2.0, eval_accuracy: 0.75, eval_runtime: 1 });
    const r = parseTrainerState(JSON.stringify(s));
    assert.deepEqual(r.history[r.history.length - 1].metrics, { 'eval/accuracy': 0.75 });
  });

  it('refuses malformed JSON, a missing log_history, entries without a step and logs without a training loss', () => {
    const bad: [string, RegExp][] = [
      ['{"global_step": 3, "log_history": [', /not valid JSON/],
      ['[1, 2]', /must be a JSON object/],
      ['{"global_step": 3}', /no "log_history" array/],
      ['{"log_history": [{"loss": 1.0}]}', /log_history\[0\]\.step must be a non-negative integer/],
      ['{"log_history": []}', /no log_history entries with a training "loss"/],
      ['{"log_history": [{"step": 10, "eval_loss": 2.5}]}', /no log_history entries with a training "loss"/],
    ];
    for (const [input, message] of bad)
      assert.throws(
        () => parseTrainerState(input),
        (e: Error) => e instanceof TrainerStateError && message.test(e.message),
      );
  });
});
