/**
 * Runs cells the way the notebook view does, for tests (and the screenshot script) while the
 * app wiring is not there: each cell's `program()` is registered with a NotebookRuntime, its
 * state is fed back as `runState`, a parameter edit re-registers the program when it changed,
 * and the notebook seed is published as `seed`.
 */
import { NotebookRuntime, type CellState } from '../../../src/notebook/notebookRuntime.ts';
import type { CellKindName } from '../../../src/notebook/notebookDocument.ts';
import type { T5Cell } from '../../../cells/widgets/t5-cell.ts';
import type { CellProgram } from '../../../src/notebook/notebookRuntime.ts';

export class CellHarness {
  readonly runtime = new NotebookRuntime();
  readonly host: HTMLElement;
  private readonly programs = new Map<string, CellProgram | null>();
  private readonly cleanups: (() => void)[] = [];

  constructor(seed = 42, doc: Document = document) {
    this.runtime.setCell('notebook-seed', { inputs: [], outputs: ['seed'], run: () => ({ seed }) });
    this.host = doc.createElement('div');
    this.host.style.width = '1000px';
    doc.body.append(this.host);
  }

  /** Creates a cell element of `tag` with `params`, mounts it and wires it to the runtime. */
  add<C extends T5Cell>(tag: string, id: string, kind: CellKindName, params: Record<string, unknown>, setup?: (cell: C) => void): C {
    const cell = document.createElement(tag) as C;
    cell.spec = { id, kind, params };
    setup?.(cell);
    this.host.append(cell);
    this.wire(cell);
    return cell;
  }

  /** Wires an already-mounted cell (e.g. one rendered by the app). */
  wire(cell: T5Cell): void {
    const id = cell.spec.id;
    const register = () => {
      const program = cell.program();
      if (this.programs.has(id) && this.programs.get(id) === program) return;
      this.programs.set(id, program);
      if (!program) {
        this.runtime.deleteCell(id);
        return;
      }
      const known = this.runtime.state(id) !== undefined;
      this.runtime.setCell(id, program);
      if (!known) this.cleanups.push(this.runtime.subscribe(id, (s) => (cell.runState = s)));
    };
    const onParams = (e: Event) => {
      if ((e as CustomEvent).detail?.id === id) register();
    };
    cell.addEventListener('cell-params-changed', onParams);
    this.cleanups.push(() => cell.removeEventListener('cell-params-changed', onParams));
    cell.addEventListener('cell-program-changed', onParams);
    this.cleanups.push(() => cell.removeEventListener('cell-program-changed', onParams));
    register();
  }

  /** Resolves when cell `id` reaches a state satisfying `pred`. */
  until(id: string, pred: (s: CellState) => boolean, ms = 60000): Promise<CellState> {
    return new Promise((resolve, reject) => {
      let off = () => {};
      const timer = setTimeout(() => {
        off();
        reject(
          new Error(
            `cell ${id} never reached the expected state; last: ${JSON.stringify(this.runtime.state(id), (_k, v) => (typeof v === 'object' && v && !Array.isArray(v) && Object.keys(v).length > 20 ? '[object]' : v))}`,
          ),
        );
      }, ms);
      off = this.runtime.subscribe(id, (s) => {
        if (!pred(s)) return;
        clearTimeout(timer);
        queueMicrotask(() => off());
        resolve(s);
      });
    });
  }

  /** Resolves with the outputs of the next successful run of `id` with more than `afterRuns` runs. */
  async ok(id: string, afterRuns = 0): Promise<Record<string, unknown>> {
    const s = await this.until(id, (st) => (st.status === 'ok' || st.status === 'error') && st.runs > afterRuns);
    if (s.status === 'error') throw new Error(`cell ${id} failed: ${s.error}`);
    return s.outputs!;
  }

  dispose(): void {
    for (const c of this.cleanups) c();
    this.runtime.dispose();
    this.host.remove();
  }
}

/** Waits for Lit to render `el` and for one animation frame (Plot layout). */
export async function rendered(el: HTMLElement & { updateComplete?: Promise<unknown> }): Promise<void> {
  await el.updateComplete;
  await new Promise((r) => requestAnimationFrame(() => r(undefined)));
  await el.updateComplete;
}

/** Edits a cell's params as its own controls would (the event the notebook view listens to). */
export function editParams(cell: T5Cell, patch: Record<string, unknown>): void {
  cell.spec = { ...cell.spec, params: { ...cell.spec.params, ...patch } };
  cell.dispatchEvent(
    new CustomEvent('cell-params-changed', { detail: { id: cell.spec.id, params: cell.spec.params }, bubbles: true, composed: true }),
  );
}

/**
 * Activates the backend the app itself would choose on this page (`initBrowserBackend('auto')`,
 * as cells/shell/main.ts does). Without it a test page keeps tfjs's default, WebGL, which in
 * headless Chromium is SwiftShader: a cell that decodes on the page (sample predictions) then
 * compiles a shader per sequence length (21-68 s per arm of the architecture comparison, whose
 * test took 170 s that way and takes 15 s on wasm).
 */
export async function useAppBackend(): Promise<string> {
  const { initBrowserBackend } = await import('../../../src/backend/browserBackends.ts');
  return (await initBrowserBackend('auto')).active;
}
