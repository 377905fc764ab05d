import { assert } from '@esm-bundle/chai';
import { normaliseSvg } from './goldenFigures.ts';
import { EXPERIMENT_GOLDEN_NAMES, cachedObjectivesStudy, fixedReport, renderExperimentGoldenSvgs, type ExperimentGoldenName } from './experimentGoldenFigures.ts';

// Vite's ?raw glob: every golden SVG as text, keyed by path.
const files = import.meta.glob('./golden/*.svg', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

describe("golden SVG exports of the experiment cells' figures (src/figures/)", () => {
  let rendered: Record<ExperimentGoldenName, string>;
  before(async () => {
    rendered = await renderExperimentGoldenSvgs();
  });

  for (const name of EXPERIMENT_GOLDEN_NAMES) {
    it(`the stand-alone SVG of ${name} matches golden/${name}.svg (update with: node scripts/update-golden.mjs)`, () => {
      const golden = files[`./golden/${name}.svg`];
      assert.isString(golden, `golden/${name}.svg exists`);
      assert.equal(normaliseSvg(rendered[name]), normaliseSvg(golden));
    });
  }

  it('the seeds figure draws one dot per seed and an interval bar only where there are several seeds', () => {
    const count = (svg: string, tag: string) => (svg.match(new RegExp(`<${tag}\\b`, 'g')) ?? []).length;
    assert.equal(count(rendered['experiment-seeds'], 'circle'), 9);
    assert.equal(count(rendered['experiment-seeds-one-seed'], 'circle'), 3);
    assert.isNull(fixedReport([1]).rows[0].ci95, 'one seed: no interval');
    assert.isNotNull(fixedReport([1, 2, 3]).rows[0].ci95);
  });

  it('the cached objectives study draws one dot per finished seed of each arm, from the JSON in bench/experiments', () => {
    const { report, file } = cachedObjectivesStudy();
    assert.equal(file, 'experiment-seeds-objectives-study-3seeds');
    const finished = report.rows.flatMap((r) => r.values.filter((v) => v !== null)).length;
    assert.equal(finished, report.rows.length * report.seeds.length, 'every arm has all three seeds');
    assert.equal((rendered['experiment-seeds-objectives-study-3seeds'].match(/<circle\b/g) ?? []).length, finished);
  });
});
