/**
 * The t5lab → seqio mapping: every objective has a row in docs/RECIPES.md with the call tasks.py
 * writes, and the calls carry the run's density and mean span as Python floats.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OBJECTIVE_NAMES } from '../../../src/objectives/objectives.ts';
import { pythonNumber, SEQIO_OBJECTIVES, seqioMappingTable, seqioObjectiveCall } from '../../../src/recipes/seqioMapping.ts';

const docs = readFileSync(fileURLToPath(new URL('../../../docs/RECIPES.md', import.meta.url)), 'utf8');

describe('the t5lab objective → seqio preprocessor mapping', () => {
  it('covers every t5lab objective, and docs/RECIPES.md shows each row of the table', () => {
    assert.deepEqual(Object.keys(SEQIO_OBJECTIVES).sort(), [...OBJECTIVE_NAMES].sort());
    for (const row of seqioMappingTable().split('\n').slice(2)) {
      const cells = row.split('|').map((c) => c.trim());
      const line = docs.split('\n').find((l) => l.includes(cells[1]));
      assert.ok(line, `docs/RECIPES.md has no row for ${cells[1]}`);
      assert.ok(line.includes(cells[2]), `docs/RECIPES.md's row for ${cells[1]} does not show ${cells[2]}`);
    }
  });

  it('fills in density and mean span as Python floats, and has no call for BERT 80/10/10', () => {
    assert.equal(
      seqioObjectiveCall('span_corruption', 0.15, 3),
      'functools.partial(preprocessors.span_corruption, noise_density=0.15, mean_noise_span_length=3.0)',
    );
    assert.match(
      seqioObjectiveCall('iid_drop', 0.5, 3)!,
      /noise_density=0\.5, noise_mask_fn=preprocessors\.iid_noise_mask, inputs_fn=preprocessors\.drop_noise_tokens, targets_fn=preprocessors\.drop_nonnoise_tokens/,
    );
    assert.match(seqioObjectiveCall('deshuffle', 1, 3)!, /noise_density=1\.0,.*permute_noise_tokens, targets_fn=None/);
    assert.equal(seqioObjectiveCall('bert_80_10_10', 0.15, 3), undefined);
    assert.deepEqual([pythonNumber(2), pythonNumber(0.25), pythonNumber(1e-30)], ['2.0', '0.25', '1e-30']);
  });
});
