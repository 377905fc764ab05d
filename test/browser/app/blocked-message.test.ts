import { assert } from '@esm-bundle/chai';
import '../../../cells/kinds/tokenizer.ts';
import '../../../cells/kinds/model.ts';
import { useBackend } from '../helpers/backends.ts';
import { frame, mountApp, unmountAll, until, view, type App } from './appHarness.ts';
import type { NotebookDocument } from '../../../src/notebook/notebookDocument.ts';

/** A byte tokenizer, the model cell, and a lazy code cell that reads the model's config. */
function notebook(): NotebookDocument {
  return {
    format: 't5lab-notebook',
    version: 1,
    id: 'blocked-message',
    title: 'Blocked message',
    seed: 42,
    trusted: true,
    cells: [
      { id: 'tok', kind: 'tokenizer', params: { type: 'byte' } },
      { id: 'model', kind: 'model', params: { preset: 'workbench-micro', config: {}, vocabFromTokenizer: true } },
      { id: 'reader', kind: 'code', params: { source: 'width = modelConfig.dModel' }, lazy: true },
    ],
  };
}

async function choosePreset(app: App, name: string): Promise<void> {
  const select = view(app).cellElement('model')!.shadowRoot!.querySelector('select[name="preset"]') as HTMLSelectElement;
  select.value = name;
  select.dispatchEvent(new Event('change'));
  await view(app).updateComplete;
}

describe('"blocked by" / "waiting for" messages', () => {
  before(() => useBackend('cpu'));
  afterEach(unmountAll);

  it('a cell stops saying "waiting for [2] Model" once the model is ok again (preset t5-base, then back)', async () => {
    const app = await mountApp({ notebook: notebook() });
    await until(app, 'model', (s) => s.status === 'ok', 60000);
    await until(app, 'reader', (s) => s.status === 'waiting');
    await choosePreset(app, 't5-base');
    await until(app, 'model', (s) => s.status === 'error', 60000);
    await until(app, 'reader', (s) => s.status === 'blocked' && s.blockedBy === 'model');
    let f = await frame(app, 'reader');
    assert.ok(f.shadowRoot!.querySelector('[data-blocked-by="model"]'), 'blocked by the failing model, named');
    await choosePreset(app, 'workbench-micro');
    await until(app, 'model', (s) => s.status === 'ok', 60000);
    await until(app, 'reader', (s) => s.status === 'waiting' && s.blockedBy === undefined);
    await new Promise((r) => setTimeout(r, 100));
    f = await frame(app, 'reader');
    assert.isNull(
      f.shadowRoot!.querySelector('[data-blocked-by]'),
      `the frame still names a blocker: ${f.shadowRoot!.querySelector('section')!.textContent}`,
    );
    assert.notMatch(f.shadowRoot!.querySelector('section')!.textContent!, /waiting for\s*\[|Model/);
    assert.include(f.shadowRoot!.querySelector('section')!.textContent, 'press Run');
  });
});
