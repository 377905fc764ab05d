/**
 * Checks docs/HOSTILE-INPUTS.md (the issue 11 table of hostile inputs and faults) against the
 * tests: each row names a test file that exists and a test name written in it, each outcome is a
 * clear error or a correct acceptance with nothing stored lost, and the totals are the row counts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const doc = readFileSync(`${root}docs/HOSTILE-INPUTS.md`, 'utf8');

interface Row {
  n: number;
  outcome: string;
  stored: string;
  file: string;
  name: string;
}

const rows: Row[] = doc
  .split('\n')
  .filter((l) => /^\| \d+/.test(l))
  .map((l) => {
    const cells = l.split('|').map((c) => c.trim());
    const [file, name] = cells[5].split(' › ');
    return { n: Number(cells[1]), outcome: cells[3], stored: cells[4], file, name };
  });

describe('docs/HOSTILE-INPUTS.md', () => {
  it("lists at least 40 cases (the issue's and new ones), numbered in order", () => {
    assert.ok(rows.length >= 40, `${rows.length} rows`);
    assert.deepEqual(
      rows.map((r) => r.n),
      rows.map((_, i) => i + 1),
    );
  });

  it('names, for every row, a test file that exists and a test that is written in it', () => {
    for (const r of rows) {
      assert.ok(existsSync(`${root}${r.file}`), `row ${r.n}: ${r.file} exists`);
      const text = readFileSync(`${root}${r.file}`, 'utf8');
      if (r.name === '(every test in the file)') assert.match(text, /\bit\(/, `row ${r.n}`);
      else assert.ok(text.includes(r.name), `row ${r.n}: "${r.name}" is a test in ${r.file}`);
    }
  });

  it('has only clear errors and correct acceptances, and no row loses stored data', () => {
    for (const r of rows) {
      assert.ok(['clear error', 'accepted'].includes(r.outcome), `row ${r.n}: ${r.outcome}`);
      assert.equal(r.stored, 'kept', `row ${r.n}`);
    }
  });

  it('states totals that are the counts of the rows', () => {
    const count = (o: string) => rows.filter((r) => r.outcome === o).length;
    const line = doc.split('\n').find((l) => l.startsWith('clear error:'));
    assert.equal(
      line,
      `clear error: ${count('clear error')} · accepted: ${count('accepted')} · unclear error: 0 · silently accepted: 0 · crashed: 0 · stored data lost: 0 (of ${rows.length} rows)`,
    );
  });
});
