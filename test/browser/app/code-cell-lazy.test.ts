import { assert } from '@esm-bundle/chai';
import { codeNotebook, settle, unmountAll, view } from './appHarness.ts';
import { codeParserReady } from '../../../cells/kinds/code.ts';
import type { T5labApp } from '../../../cells/shell/t5lab-app.ts';

/**
 * The code parser is a chunk of its own (cells/kinds/code.ts). A notebook opened before it arrives
 * has code cells without programs; each registers when it comes, and the notebook then runs.
 * Mounted here without waiting for it (the app harness's mountApp waits).
 */
describe('code cells opened before the code parser has loaded', () => {
  let app: T5labApp;
  let registeredAtMount: boolean;
  before(async () => {
    // Synchronously after this module ran: the dynamic import cannot have resolved yet.
    app = document.createElement('t5lab-app') as T5labApp;
    app.notebook = codeNotebook({ x: 'x = 6 * 7', y: 'y = x + 1' });
    document.body.append(app);
    await app.updateComplete;
    await app.notebookView?.updateComplete;
    registeredAtMount = view(app).runtime.state('y') !== undefined;
    await codeParserReady;
  });
  after(unmountAll);

  it('register their programs when the parser arrives, and the notebook runs them', async () => {
    assert.isFalse(registeredAtMount, 'the parser was still loading when the notebook opened');
    let s = view(app).runtime.state('y');
    for (let i = 0; i < 400 && s?.status !== 'ok'; i++) {
      await settle(25);
      s = view(app).runtime.state('y');
    }
    assert.equal(s?.status, 'ok', JSON.stringify(s));
    assert.equal(s!.outputs!.y, 43);
  });
});
