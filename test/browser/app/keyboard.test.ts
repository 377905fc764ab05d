import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import { mountApp, unmountAll, view, frame, until, settle, codeNotebook, type App } from './appHarness.ts';
import type { NotebookDocument } from '../../../src/notebook/notebookDocument.ts';

/** Text, two code cells (the second lazy) and a closing text cell. */
function notebook(): NotebookDocument {
  const nb = codeNotebook({ x: 'x = 6 * 7', y: 'y = x + 1' }, { id: 'keys-notebook' });
  return {
    ...nb,
    cells: [
      { id: 'intro', kind: 'markdown', params: { source: '# Keys' } },
      nb.cells[0],
      { ...nb.cells[1], lazy: true },
      { id: 'outro', kind: 'markdown', params: { source: 'The end.' } },
    ],
  };
}

const ids = (app: App) => view(app).notebook!.cells.map((c) => c.id);
/** The cell whose frame has focus (the selected cell). */
const selected = (app: App) => (view(app).shadowRoot!.activeElement as HTMLElement | null)?.dataset.cellId;

async function select(app: App, id: string): Promise<void> {
  (await frame(app, id)).focus();
  await settle(20);
}

const press = async (key: string) => {
  await sendKeys({ press: key });
  await settle(40);
};

describe('keyboard shortcuts in the app', () => {
  afterEach(() => unmountAll());

  it("'?' opens a help dialog that lists every shortcut, and Esc closes it", async () => {
    const app = await mountApp({ notebook: notebook() });
    await select(app, 'intro');
    await press('Shift+Slash');
    const help = view(app).shadowRoot!.querySelector('t5-shortcut-help')!;
    const dialog = help.shadowRoot!.querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    const text = dialog.innerText;
    for (const k of ['Shift+Enter', 'D D', 'I I', 'Esc', 'Undo the last delete', 'Move the cell down']) expect(text).to.contain(k);
    await press('Escape');
    expect(dialog.open).to.equal(false);
  });

  it('J and K (and the arrows) move the selection between cells', async () => {
    const app = await mountApp({ notebook: notebook() });
    await select(app, 'intro');
    await press('j');
    expect(selected(app)).to.equal('x');
    await press('ArrowDown');
    expect(selected(app)).to.equal('y');
    await press('k');
    expect(selected(app)).to.equal('x');
  });

  it('B inserts a text cell below and selects it; D D deletes it and Z restores a deleted cell', async () => {
    const app = await mountApp({ notebook: notebook() });
    await select(app, 'x');
    await press('b');
    const added = ids(app)[2];
    expect(ids(app)).to.have.length(5);
    expect(view(app).notebook!.cells[2].kind).to.equal('markdown');
    expect(selected(app)).to.equal(added);
    await select(app, 'x');
    await press('d');
    expect(ids(app)).to.include('x', 'one D does nothing');
    await press('d');
    expect(ids(app)).not.to.include('x');
    await press('z');
    expect(ids(app).indexOf('x')).to.equal(1);
    expect(selected(app)).to.equal('x');
  });

  it('Shift+Enter on a lazy cell runs it and selects the next cell', async () => {
    const app = await mountApp({ notebook: notebook() });
    await until(app, 'y', (s) => s.status === 'waiting');
    await select(app, 'y');
    await press('Shift+Enter');
    const state = await until(app, 'y', (s) => s.status === 'ok');
    expect(state.outputs!.y).to.equal(43);
    expect(selected(app)).to.equal('outro');
  });

  it('I I interrupts a running cell: its run is aborted and the cell says so', async () => {
    const nb = notebook();
    nb.cells[2] = {
      ...nb.cells[2],
      params: { source: 'y = { await new Promise((r) => signal.addEventListener("abort", r)); return x; }' },
    };
    const app = await mountApp({ notebook: nb });
    await until(app, 'y', (s) => s.status === 'waiting');
    await select(app, 'y');
    await press('Control+Enter');
    await until(app, 'y', (s) => s.status === 'running');
    expect(selected(app)).to.equal('y', 'Ctrl+Enter runs in place');
    await press('i');
    expect(view(app).runtime.state('y')!.status).to.equal('running', 'one I does nothing');
    await press('i');
    const state = await until(app, 'y', (s) => s.status === 'error');
    expect(state.error).to.match(/interrupted/);
  });

  it('Ctrl+Shift+Down moves the selected cell down and keeps it selected', async () => {
    const app = await mountApp({ notebook: notebook() });
    await select(app, 'intro');
    await press('Control+Shift+ArrowDown');
    expect(ids(app)).to.deep.equal(['x', 'intro', 'y', 'outro']);
    await settle(60);
    expect(selected(app)).to.equal('intro');
  });

  it("typing 'd' in a text cell's editor deletes nothing", async () => {
    const app = await mountApp({ notebook: notebook() });
    await select(app, 'outro');
    await press('Enter');
    await settle(100);
    await sendKeys({ type: 'dd dd' });
    await press('d');
    await press('d');
    expect(ids(app)).to.deep.equal(['intro', 'x', 'y', 'outro']);
    await press('Escape');
    expect(selected(app)).to.equal('outro', 'Esc goes back to command mode on the same cell');
  });

  it('Tab goes from one cell frame to the next, and the frame names its cell', async () => {
    const app = await mountApp({ notebook: notebook() });
    await select(app, 'intro');
    expect((await frame(app, 'x')).getAttribute('aria-label')).to.equal('cell 2 of 4: JavaScript');
    await press('Tab');
    expect(selected(app)).to.equal('x');
    await press('Tab');
    expect(selected(app)).to.equal('y');
    await press('Shift+Tab');
    expect(selected(app)).to.equal('x');
  });
});
