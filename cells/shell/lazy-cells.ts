/**
 * Lazy rendering of long notebooks: the first cells render at once, the others as placeholders
 * (one per run of up to GAP_CELLS unrendered cells, as tall as those cells are estimated to
 * be, so the scrollbar is about right) that an IntersectionObserver turns into cells when they
 * come within a screen or so of the viewport. A cell that rendered stays rendered. This is only
 * about the DOM: every cell is still registered with the runtime, which runs what it must,
 * shown or not.
 */
import type { CellSpec } from '../../src/notebook/notebookDocument.ts';

/** Cells rendered immediately (the tour and typical notebooks are shorter). */
export const EAGER_CELLS = 60;
/** Most cells one placeholder stands for. */
export const GAP_CELLS = 50;

/** A first guess at a cell's height before it renders (px), by kind. */
function estimatedHeight(cell: CellSpec): number {
  if (cell.kind === 'markdown') return 40 + 22 * Math.min(20, String(cell.params.source ?? '').split('\n').length);
  if (cell.kind === 'code') return 150;
  return 380;
}

export type LazyItem = { type: 'cell'; cell: CellSpec; index: number } | { type: 'gap'; key: string; ids: string[]; height: number };

export class LazyCells {
  private readonly shown = new Set<string>();
  /** The cells each placeholder (by its key, its `data-gap`) stands for, as last rendered. */
  private gaps = new Map<string, string[]>();
  private observer?: IntersectionObserver;

  /** @param onShow called when cells became shown (the view re-renders). */
  constructor(private readonly onShow: () => void) {}

  /** Forgets which cells were shown (another notebook opened). */
  reset(): void {
    this.shown.clear();
    this.observer?.disconnect();
  }

  /** Shows cell `id` from now on; returns true when it was not shown yet. */
  show(id: string): boolean {
    if (this.shown.has(id)) return false;
    this.shown.add(id);
    return true;
  }

  /** The notebook as cells and placeholders, in order. */
  items(cells: readonly CellSpec[]): LazyItem[] {
    const items: LazyItem[] = [];
    this.gaps = new Map();
    let gap: { ids: string[]; height: number } | undefined;
    cells.forEach((cell, index) => {
      if (index < EAGER_CELLS || this.shown.has(cell.id)) {
        gap = undefined;
        items.push({ type: 'cell', cell, index });
        return;
      }
      if (!gap || gap.ids.length >= GAP_CELLS) {
        gap = { ids: [], height: 0 };
        const key = `gap:${cell.id}`;
        items.push({ type: 'gap', key, ...gap });
        this.gaps.set(key, gap.ids);
      }
      gap.ids.push(cell.id);
      gap.height += estimatedHeight(cell);
      (items[items.length - 1] as { height: number }).height = gap.height;
    });
    return items;
  }

  /** Watches the placeholders now in `root` (call after every render). */
  observe(root: ParentNode): void {
    const gaps = root.querySelectorAll<HTMLElement>('[data-gap]');
    this.observer?.disconnect();
    if (!gaps.length || typeof IntersectionObserver === 'undefined') return;
    this.observer ??= new IntersectionObserver(
      (entries) => {
        let changed = false;
        for (const e of entries) {
          if (!e.isIntersecting) continue;
          for (const id of this.gaps.get((e.target as HTMLElement).dataset.gap!) ?? []) changed = this.show(id) || changed;
        }
        if (changed) this.onShow();
      },
      { rootMargin: '1200px 0px' },
    );
    gaps.forEach((g) => this.observer!.observe(g));
  }

  disconnect(): void {
    this.observer?.disconnect();
  }
}
