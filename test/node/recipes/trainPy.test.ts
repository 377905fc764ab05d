/**
 * The parts of the exported train.py that need no torch (there is none here): its learning-rate
 * schedules equal t5lab's learningRateAt, its truncation equals t5lab's, its vocabulary view gives
 * the tokenizer's sentinels, and its pre-training stream corrupts segments exactly as the objectives
 * port does.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { learningRateAt, type LearningRateSchedule } from '../../../src/training/schedules.ts';
import { truncate } from '../../../src/training/batching.ts';
import { ByteTokenizer } from '../../../src/tokenizers/byteTokenizer.ts';
import { PYTHON_PORT, pythonMissing } from './pythonHelpers.ts';

const skip = pythonMissing();

function python(script: string, input: unknown): unknown {
  const r = spawnSync('python3', ['-c', script, dirname(PYTHON_PORT)], { input: JSON.stringify(input), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const PRELUDE = 'import json, sys\nsys.path.insert(0, sys.argv[1])\nimport train\nargs = json.load(sys.stdin)\n';

describe('train.py (without torch)', { skip }, () => {
  it("computes t5lab's learning-rate schedules", () => {
    const schedules: LearningRateSchedule[] = [
      { kind: 'inverse-sqrt', warmupSteps: 10000, scale: 1 },
      { kind: 'inverse-sqrt', warmupSteps: 100, scale: 0.5 },
      { kind: 'constant', value: 0.001 },
      { kind: 'warmup-cosine', peak: 0.01, warmupSteps: 50, totalSteps: 1000, final: 0.0001 },
    ];
    const steps = [0, 1, 2, 49, 50, 51, 99, 100, 101, 500, 999, 1000, 5000, 9999, 10000, 10001, 524287];
    const py = python(`${PRELUDE}print(json.dumps([[train.learning_rate(s, k) for k in args["steps"]] for s in args["schedules"]]))`, {
      schedules,
      steps,
    }) as number[][];
    schedules.forEach((s, i) =>
      steps.forEach((k, j) => {
        const js = learningRateAt(s, k);
        // Exact except where a cosine is involved (libm and V8 may round cos differently by an ulp).
        if (s.kind === 'warmup-cosine') assert.ok(Math.abs(py[i][j] - js) <= 1e-16 + Math.abs(js) * 1e-15, `${s.kind} @${k}`);
        else assert.equal(py[i][j], js, `${s.kind} @${k}`);
      }),
    );
  });

  it("truncates as t5lab does (first length − 1 ids, then the final one) and gives the tokenizer's sentinels", () => {
    const seqs = [[5, 6, 7, 1], [5, 6, 7, 8, 9, 1], [1]];
    const out = python(
      `${PRELUDE}v = train.TokenizerVocab(384, 125)\nprint(json.dumps({"t": [train.truncate(s, 4) for s in args], "s": [v.sentinel(k) for k in (0, 1, 124)], "m": v.mask_id}))`,
      seqs,
    ) as { t: number[][]; s: number[]; m: number };
    assert.deepEqual(
      out.t,
      seqs.map((s) => Array.from(truncate(Int32Array.from(s), 4))),
    );
    const tok = new ByteTokenizer();
    assert.deepEqual(out.s, [tok.sentinel(0), tok.sentinel(1), tok.sentinel(124)]);
    assert.equal(out.m, tok.vocabSize - 1);
  });

  it('corrupts every pre-training segment with the objectives port, one seeded stream', () => {
    const out = python(
      `${PRELUDE}import t5lab_objectives as o
recipe = {"data": {"name": "span_corruption", "tokens_length": 12, "concatenate": True, "density": 0.15, "mean_span": 3.0}}
docs = ["abcdefghij", "klmnopqrstuvwxyz", "0123456789"]
enc = lambda t: [3 + ord(c) for c in t]
v = train.TokenizerVocab(384, 125)
got = []
stream = train.pretraining_stream(recipe, docs, enc, v, o.Rng(4))
for _ in range(3):
    got.append(next(stream))
# The same by hand: shuffle the documents with the stream's generator, cut 12-token segments, corrupt each.
r = o.Rng(4)
order = r.shuffle(list(range(3)))
flat = [t for i in order for t in enc(docs[i])]
want = []
for s in [flat[i:i + 12] for i in range(0, len(flat) - 11, 12)][:3]:
    ins, tgs, _ = o.OBJECTIVES["span_corruption"].corrupt(s, v, r, 0.15, 3.0)
    want.append((ins, tgs))
print(json.dumps({"got": got, "want": want}))`,
      null,
    ) as { got: number[][][]; want: number[][][] };
    assert.equal(out.got.length, 3);
    assert.deepEqual(out.got, out.want);
  });
});
