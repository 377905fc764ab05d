/**
 * The notebook view's `add-cell` may carry params for the new cell (the runs cell asks for a
 * model cell on an imported checkpoint): they are laid over the kind's defaults, and the cell
 * goes after the cell that asked.
 */
import { assert } from '@esm-bundle/chai';
import { mountApp, unmountAll, view, cell, codeNotebook } from '../app/appHarness.ts';

describe('notebook view: add-cell with params', () => {
  afterEach(() => unmountAll());

  it("inserts the asked-for kind after the asking cell, with the given params over the kind's defaults", async () => {
    const app = await mountApp({ notebook: codeNotebook({ a: '1', b: '2' }) });
    const v = view(app);
    await v.updateComplete;
    cell(app, 'a').dispatchEvent(
      new CustomEvent('add-cell', { detail: { kind: 'buckets', params: { numBuckets: 16 } }, bubbles: true, composed: true }),
    );
    await v.updateComplete;
    const cells = v.notebook!.cells;
    assert.deepEqual(
      cells.map((c) => c.kind),
      ['code', 'buckets', 'code'],
    );
    assert.equal(cells[1].params.numBuckets, 16);
    assert.equal(cells[1].params.maxDistance, 128, 'the other params are the kind defaults');
  });
});
