/**
 * Jupyter-like keyboard shortcuts for the notebook view. Command mode: a cell frame has focus
 * (it is the selected cell) and no field or editor does; edit mode: the user types in an input,
 * textarea, select, contenteditable or code editor, where only Shift+Enter (run) and Esc (back to
 * command mode) are taken, so typing is never hijacked. The edits themselves are the view's
 * (the same ones as the toolbar): this module only maps keys to them.
 */

/** One shortcut as the help overlay lists it. */
export interface Shortcut {
  keys: string;
  action: string;
  mode: 'command' | 'edit' | 'any';
}

/** Every shortcut, in the order the help overlay shows them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: '↑ / K', action: 'Select the previous cell', mode: 'command' },
  { keys: '↓ / J', action: 'Select the next cell', mode: 'command' },
  { keys: 'Tab / Shift+Tab', action: 'Next / previous cell', mode: 'command' },
  { keys: 'Enter', action: 'Edit the cell (focus its first field or editor)', mode: 'command' },
  { keys: 'Shift+Enter', action: 'Run the cell and select the next', mode: 'command' },
  { keys: 'Ctrl+Enter / ⌘+Enter', action: 'Run the cell', mode: 'command' },
  { keys: 'Alt+Enter', action: 'Run the cell and insert a text cell below', mode: 'command' },
  { keys: 'A', action: 'Insert a text cell above', mode: 'command' },
  { keys: 'B', action: 'Insert a text cell below', mode: 'command' },
  { keys: 'D D', action: 'Delete the cell', mode: 'command' },
  { keys: 'Z', action: 'Undo the last delete', mode: 'command' },
  { keys: 'Ctrl+Shift+↑ / Shift+K', action: 'Move the cell up', mode: 'command' },
  { keys: 'Ctrl+Shift+↓ / Shift+J', action: 'Move the cell down', mode: 'command' },
  { keys: 'I I', action: 'Interrupt the running cell', mode: 'command' },
  { keys: '← / →', action: "Move through the cell's toolbar buttons", mode: 'command' },
  { keys: '?', action: 'Show this help', mode: 'command' },
  { keys: 'Shift+Enter', action: 'Run the cell', mode: 'edit' },
  { keys: 'Esc', action: 'Leave the editor (the cell stays selected); close this help', mode: 'any' },
];

/** What the controller asks of the notebook view. */
export interface ShortcutHost {
  /** The cell ids in notebook order. */
  cellIds(): readonly string[];
  /** Selects cell `id`: renders it if lazy, scrolls it into view and focuses its frame. */
  select(id: string): Promise<void>;
  /** Focuses the cell's first field or editor. */
  edit(id: string): Promise<void>;
  run(id: string): void;
  /** Inserts a text (markdown) cell next to `id`; returns the new cell's id. */
  insertText(id: string, where: 'above' | 'below'): string | undefined;
  remove(id: string): void;
  /** Restores the last deleted cell; returns its id. */
  undoRemove(): string | undefined;
  move(id: string, delta: -1 | 1): void;
  interrupt(id: string): void;
  openHelp(): void;
}

/** Within this time a second D (or I) completes "D D" (or "I I"). */
export const DOUBLE_PRESS_MS = 600;

const EDIT_TAGS = new Set(['input', 'textarea', 'select', 't5-code-editor']);

function isFrame(n: EventTarget): n is HTMLElement & { cellId: string } {
  return (n as Element).localName === 't5-cell-frame';
}

/** True when the key goes to something the user types in (through shadow roots). */
export function inEditor(path: readonly EventTarget[]): boolean {
  for (const n of path) {
    if (isFrame(n)) return false;
    const el = n as HTMLElement;
    if (!el.localName) continue;
    if (EDIT_TAGS.has(el.localName) || el.isContentEditable || el.classList?.contains('cm-editor')) return true;
  }
  return false;
}

export class KeyboardShortcuts {
  private last?: { key: string; at: number };

  constructor(private readonly host: ShortcutHost) {}

  /** Handles a keydown that reached the notebook view; returns true when it took the key. */
  handle(e: KeyboardEvent): boolean {
    if (e.defaultPrevented || e.isComposing) return false;
    const path = e.composedPath();
    // Keys in a dialog (the trust dialog, this help) belong to it.
    if (path.some((n) => (n as Element).localName === 'dialog')) return false;
    const frame = path.find(isFrame);
    if (inEditor(path)) {
      if (!frame) return false;
      if (e.key === 'Escape') return this.take(e, () => this.host.select(frame.cellId));
      if (e.key === 'Enter' && e.shiftKey && !e.ctrlKey && !e.metaKey && !e.altKey) return this.take(e, () => this.host.run(frame.cellId));
      return false;
    }
    if (e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey) return this.take(e, () => this.host.openHelp());
    const ids = this.host.cellIds();
    if (!frame) {
      // Nothing selected yet: J / ↓ selects the first cell.
      if ((e.key === 'j' || e.key === 'ArrowDown') && !e.ctrlKey && !e.metaKey && !e.altKey && e.target === document.body && ids.length) {
        return this.take(e, () => this.host.select(ids[0]));
      }
      return false;
    }
    const id = frame.cellId;
    const at = ids.indexOf(id);
    const onFrame = path[0] === frame;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const double = (k: string) => {
      const now = performance.now();
      const hit = this.last?.key === k && now - this.last.at <= DOUBLE_PRESS_MS;
      this.last = hit ? undefined : { key: k, at: now };
      return hit;
    };
    if (key === 'ArrowLeft' || key === 'ArrowRight') return this.toolbar(e, frame, key === 'ArrowRight' ? 1 : -1);
    if (key === 'Escape' && !onFrame) return this.take(e, () => this.host.select(id));
    // Enter or Space on a toolbar button presses it.
    if (!onFrame && (key === 'Enter' || key === ' ') && !e.shiftKey && !mod && !e.altKey) return false;
    if (mod && e.shiftKey && (key === 'ArrowUp' || key === 'ArrowDown'))
      return this.take(e, () => this.host.move(id, key === 'ArrowUp' ? -1 : 1));
    if (e.shiftKey && !mod && !e.altKey && (key === 'k' || key === 'j'))
      return this.take(e, () => this.host.move(id, key === 'k' ? -1 : 1));
    if (key === 'Enter') {
      if (e.shiftKey) {
        return this.take(e, () => {
          this.host.run(id);
          if (at + 1 < ids.length) void this.host.select(ids[at + 1]);
        });
      }
      if (mod) return this.take(e, () => this.host.run(id));
      if (e.altKey) {
        return this.take(e, () => {
          this.host.run(id);
          const added = this.host.insertText(id, 'below');
          if (added) void this.host.edit(added);
        });
      }
      return this.take(e, () => this.host.edit(id));
    }
    if (key === 'Tab' && onFrame && !mod && !e.altKey) return this.tab(e, ids, at);
    if (mod || e.altKey || e.shiftKey) return false;
    switch (key) {
      case 'ArrowUp':
      case 'k':
        return this.take(e, () => at > 0 && this.host.select(ids[at - 1]));
      case 'ArrowDown':
      case 'j':
        return this.take(e, () => at + 1 < ids.length && this.host.select(ids[at + 1]));
      case 'a':
      case 'b':
        return this.take(e, () => {
          const added = this.host.insertText(id, key === 'a' ? 'above' : 'below');
          if (added) void this.host.select(added);
        });
      case 'd':
        return this.take(e, () => double('d') && this.host.remove(id));
      case 'i':
        return this.take(e, () => double('i') && this.host.interrupt(id));
      case 'z':
        return this.take(e, () => {
          const back = this.host.undoRemove();
          if (back) void this.host.select(back);
        });
    }
    return false;
  }

  /** Shift+Tab is handled with Tab; both only from the frame itself, so fields inside stay reachable after Enter. */
  private tab(e: KeyboardEvent, ids: readonly string[], at: number): boolean {
    const next = at + (e.shiftKey ? -1 : 1);
    if (next < 0 || next >= ids.length) return false;
    return this.take(e, () => this.host.select(ids[next]));
  }

  /** ←/→ move through the frame's toolbar buttons (they are not tab stops). */
  private toolbar(e: KeyboardEvent, frame: HTMLElement, step: 1 | -1): boolean {
    const buttons = [...(frame.shadowRoot?.querySelectorAll<HTMLButtonElement>('header button:not(:disabled)') ?? [])];
    if (!buttons.length) return false;
    const current = buttons.indexOf(e.composedPath()[0] as HTMLButtonElement);
    const next = current < 0 ? (step > 0 ? 0 : buttons.length - 1) : current + step;
    if (next < 0 || next >= buttons.length) return this.take(e, () => frame.focus());
    return this.take(e, () => buttons[next].focus());
  }

  private take(e: KeyboardEvent, action: () => unknown): true {
    e.preventDefault();
    e.stopPropagation();
    void action();
    return true;
  }
}
