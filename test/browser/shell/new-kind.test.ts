import { assert } from '@esm-bundle/chai';
import { mountApp, unmountAll, until, view } from '../app/appHarness.ts';
import { registeredCellKinds } from '../../../cells/shell/registry.ts';
import { validateNotebook, type NotebookDocument } from '../../../src/notebook/notebookDocument.ts';
import '../../../cells/shell/all-kinds.ts';
// The one file a contributor writes for a new kind, loaded the way all-kinds.ts loads cells/kinds/.
import.meta.glob('./fixtures/*.ts', { eager: true });

const notebook = (): NotebookDocument => ({
  format: 't5lab-notebook',
  version: 1,
  id: 'new-kind',
  title: 'A notebook with a new kind',
  seed: 1,
  cells: [{ id: 'count', kind: 'word-count', params: { text: 'the quick brown fox' } }],
});

describe('adding a cell kind', () => {
  afterEach(unmountAll);

  it('a kind defined in one new file is registered, listed in the add-cell menu order and accepted in notebook files', () => {
    const kinds = registeredCellKinds().map((k) => k.kind);
    assert.include(kinds, 'word-count');
    assert.equal(kinds.at(-1), 'word-count', 'a kind without an order comes after the ordered ones');
    const at = (k: string) => kinds.indexOf(k);
    assert.isTrue(
      at('markdown') < at('code') && at('code') < at('dataset') && at('dataset') < at('tokenizer') && at('tokenizer') < at('model'),
      'kinds follow their order',
    );
    assert.doesNotThrow(() => validateNotebook(notebook()));
    assert.throws(
      () => validateNotebook({ ...notebook(), cells: [{ id: 'x', kind: 'rocket', params: {} }] }),
      /"rocket" is not one of .*word-count/,
    );
  });

  it('the notebook view renders and runs the new kind with no other change to the app', async () => {
    const app = await mountApp({ notebook: notebook() });
    const el = view(app).cellElement('count');
    assert.ok(el, 'the view built the cell from notebook data');
    assert.equal(el!.getAttribute('data-cell-kind'), 'word-count');
    await until(app, 'count', (s) => s.status === 'ok');
    await el!.updateComplete;
    assert.equal(el!.shadowRoot!.querySelector('[data-stat="words"]')?.textContent, '4');
  });
});
