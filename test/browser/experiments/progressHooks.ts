/**
 * Reading an experiment cell's progress hooks (`data-state`, `data-completed-arms`,
 * `data-total-arms`, `data-run`, `data-step` on its `[data-progress]` element, docs/ARCHITECTURE.md) and
 * waiting on them by polling, never on a fixed delay: a loaded 2-core machine may take any time.
 */
import type { T5Cell } from '../../../cells/widgets/t5-cell.ts';

export interface ProgressHooks {
  state: string | null;
  completed: number;
  total: number;
  run: number;
  step: number;
}

/** The hooks of `cell`'s progress element, or null while it shows none. */
export function progressHooks(cell: T5Cell): ProgressHooks | null {
  const el = cell.shadowRoot?.querySelector('[data-progress]');
  if (!el) return null;
  return {
    state: el.getAttribute('data-state'),
    completed: Number(el.getAttribute('data-completed-arms')),
    total: Number(el.getAttribute('data-total-arms')),
    run: Number(el.getAttribute('data-run')),
    step: Number(el.getAttribute('data-step')),
  };
}

/** Polls `cell`'s hooks (after each render) until `pred` holds; fails after `ms`, saying what it last saw. */
export async function untilHooks(cell: T5Cell, pred: (h: ProgressHooks) => boolean, what: string, ms = 600000): Promise<ProgressHooks> {
  const deadline = Date.now() + ms;
  for (;;) {
    await cell.updateComplete;
    const h = progressHooks(cell);
    if (h && pred(h)) return h;
    if (Date.now() > deadline) throw new Error(`never reached ${what}; last progress hooks: ${JSON.stringify(h)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Resolves after `n` animation frames of `win` (the cell renders between them). */
export async function frames(n: number, win: Window = window): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => win.requestAnimationFrame(() => r(undefined)));
}
