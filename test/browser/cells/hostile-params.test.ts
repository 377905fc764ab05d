/**
 * Every registered cell kind, mounted with hostile stored parameters (an imported notebook, a
 * hand-edited file): each field of the kind's defaults replaced by a value of the wrong type
 * (`numBuckets: "x"`, `multipliers: "1,2"`, `config: null`, arrays where numbers go, ...). Each
 * cell must render, say inside itself what is wrong (naming a field), and throw nothing.
 */
import { assert } from '@esm-bundle/chai';
import { registeredCellKinds } from '../../../cells/shell/registry.ts';
import type { T5Cell } from '../../../cells/widgets/t5-cell.ts';
import type { CellKindName } from '../../../src/notebook/notebookDocument.ts';
import '../../../cells/shell/all-kinds.ts';

/** A value of another type than `v`: numbers get text, text gets a list, lists get text, objects null. */
function wrongTyped(v: unknown): unknown {
  if (typeof v === 'number') return 'x';
  if (typeof v === 'string') return [1, 2];
  if (typeof v === 'boolean') return 'yes';
  if (Array.isArray(v)) return '1,2';
  if (v === null) return [3];
  if (typeof v === 'object') return null;
  return { nested: true };
}

/** The kind's default params with every field wrong-typed, plus the classic ones from issue 11. */
function hostileParams(defaults: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(defaults)) out[k] = wrongTyped(v);
  return out;
}

const frames = (n: number) =>
  new Promise<void>((r) => {
    let left = n;
    const tick = () => (--left <= 0 ? r() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  });

describe('hostile cell parameters', () => {
  const host = document.createElement('div');
  const thrown: string[] = [];
  const onError = (e: ErrorEvent) => thrown.push(String(e.message));
  const onRejection = (e: PromiseRejectionEvent) => thrown.push(String((e.reason as Error)?.message ?? e.reason));
  before(() => {
    document.body.append(host);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
  });
  after(() => {
    host.remove();
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  });

  it('covers every registered kind, and every kind has fields to make hostile', () => {
    const kinds = registeredCellKinds();
    assert.isAtLeast(kinds.length, 17);
    for (const k of kinds) assert.isAbove(Object.keys(k.defaultParams()).length, 0, `${k.kind} has default params`);
  });

  for (const def of registeredCellKinds()) {
    it(`the ${def.kind} cell renders with a message naming the wrong field and throws nothing`, async () => {
      thrown.length = 0;
      const params = hostileParams(def.defaultParams());
      const cell = document.createElement(def.tag) as T5Cell;
      cell.spec = { id: `hostile-${def.kind}`, kind: def.kind as CellKindName, params };
      host.append(cell);
      try {
        await cell.updateComplete;
        assert.doesNotThrow(() => cell.program(), undefined, `${def.kind}.program()`);
        await frames(2);
        await cell.updateComplete;
        const alert = cell.shadowRoot!.querySelector('[data-param-errors], [role="alert"]');
        assert.isNotNull(alert, `${def.kind} shows what is wrong: ${JSON.stringify(params)}`);
        const text = alert!.textContent ?? '';
        assert.match(text, /must be/, `${def.kind}: ${text}`);
        const elements = cell.shadowRoot!.querySelectorAll('*').length;
        assert.isAbove(elements, 1 + alert!.querySelectorAll('*').length, `${def.kind} renders more than the message`);
        assert.deepEqual(thrown, [], `${def.kind} threw nothing`);
      } finally {
        cell.remove();
      }
    });
  }

  it('a cell whose params are not an object at all still renders and says so', async () => {
    for (const def of registeredCellKinds()) {
      const cell = document.createElement(def.tag) as T5Cell;
      cell.spec = { id: `hostile-null-${def.kind}`, kind: def.kind as CellKindName, params: [1, 2] as unknown as Record<string, unknown> };
      host.append(cell);
      try {
        await cell.updateComplete;
        assert.doesNotThrow(() => cell.program(), undefined, `${def.kind}.program()`);
        await cell.updateComplete;
        assert.match(cell.shadowRoot!.textContent ?? '', /parameters must be an object/, def.kind);
      } finally {
        cell.remove();
      }
    }
  });
});
