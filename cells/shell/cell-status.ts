/**
 * What a cell's frame says about it: the runtime's CellState turned into a badge, a message and
 * the cell it is blocked by or waits for, and the graph problems that involve it — all in
 * words that name cells as the reader sees them ("[3] Model").
 */
import type { CellState } from '../../src/notebook/notebookRuntime.ts';
import type { GraphProblem } from '../../src/notebook/dependencyGraph.ts';
import type { FrameStatus } from './cell-frame.ts';

/** Names a cell by id for messages: "[3] Model (modelConfig, model)". */
export type CellTitle = (id: string) => string;

export interface ShownState {
  status: FrameStatus;
  badge: string;
  message: string;
  blocker?: { id: string; title: string };
  stale: boolean;
}

export function describeCellState(
  state: CellState | undefined,
  cell: { hasProgram: boolean; untrusted: boolean; lazy: boolean },
  title: CellTitle,
): ShownState {
  if (!cell.hasProgram) return { status: 'idle', badge: '', message: '', stale: false };
  if (cell.untrusted) return { status: 'untrusted', badge: 'not trusted', message: '', stale: false };
  if (!state) return { status: 'idle', badge: 'idle', message: '', stale: false };
  const stale = state.stale && state.status !== 'ok';
  const blocker = state.blockedBy ? { id: state.blockedBy, title: title(state.blockedBy) } : undefined;
  switch (state.status) {
    case 'ok':
      return { status: 'ok', badge: cell.lazy ? `ran · run ${state.runs}` : 'ok', message: '', stale: false };
    case 'running':
      return { status: 'running', badge: 'running', message: '', stale };
    case 'error':
      return { status: 'error', badge: 'error', message: state.error ?? 'failed', stale };
    case 'blocked':
      return { status: 'blocked', badge: 'blocked', message: 'blocked by', blocker, stale };
    case 'waiting':
      if (blocker) return { status: 'waiting', badge: 'waiting', message: 'waiting for', blocker, stale };
      if (state.outputs)
        return { status: 'stale', badge: 'stale', message: 'Its inputs changed: Run (Shift+Enter) to update it.', stale: true };
      return { status: 'waiting', badge: 'waiting for Run', message: 'Lazy cell: press Run (or Shift+Enter) to compute it.', stale: false };
    default:
      return { status: 'idle', badge: 'idle', message: '', stale };
  }
}

/** The graph problems that involve cell `id`, worded with cell titles. */
export function problemsOf(problems: readonly GraphProblem[], id: string, title: CellTitle): string[] {
  const out: string[] = [];
  for (const p of problems) {
    if (p.kind === 'duplicate' && p.cells.includes(id)) {
      out.push(`"${p.name}" is defined by more than one cell: ${p.cells.map(title).join(', ')}. Rename one of them.`);
    } else if (p.kind === 'missing' && p.cell === id) {
      out.push(`This cell reads "${p.name}", which no cell defines.`);
    } else if (p.kind === 'cycle' && p.path.includes(id)) {
      out.push(`Circular definition: ${p.path.map(title).join(' → ')}. A cell cannot depend on itself.`);
    }
  }
  return out;
}
