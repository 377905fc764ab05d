import { html, css, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { PALETTE } from '../../src/plots/theme.ts';
import type { TokenChip } from '../../src/tokenizers/tokenizerSummary.ts';
import { visiblePiece } from '../../src/tokenizers/visiblePiece.ts';

/**
 * Tokens as chips: the piece on top, its id underneath. Ordinary pieces get a light colour fixed
 * by their id (the same piece always looks the same, neighbours differ); sentinels `<extra_id_k>`
 * get a strong colour fixed by k, which the objectives cell also gives to the span k replaces.
 */

/** Colour of sentinel k and of the noise span it stands for. */
export function sentinelColor(k: number): string {
  // Okabe–Ito without yellow and black, which do not carry white text.
  const strong = [PALETTE[0], PALETTE[5], PALETTE[2], PALETTE[3], PALETTE[1], PALETTE[4]];
  return strong[((k % strong.length) + strong.length) % strong.length];
}

// In src/ (figures label axes with it); re-exported for the cells.
export { visiblePiece };

/** Light background of an ordinary token id (golden-angle hues). */
export function idColor(id: number): string {
  return `hsl(${Math.round((id * 137.508) % 360)} 70% 90%)`;
}

export const tokenChipStyles = css`
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 3px;
    align-items: flex-start;
  }
  .chip {
    display: inline-flex;
    flex-direction: column;
    align-items: center;
    border-radius: 4px;
    padding: 1px 4px 0;
    min-width: 1.2em;
    border: 1px solid rgb(0 0 0 / 0.08);
  }
  .chip .p {
    font:
      13px/1.35 ui-monospace,
      SFMono-Regular,
      Menlo,
      monospace;
    white-space: pre;
  }
  .chip .i {
    font:
      9.5px/1.2 ui-monospace,
      SFMono-Regular,
      Menlo,
      monospace;
    color: #666;
    font-variant-numeric: tabular-nums;
  }
  .chip.sentinel {
    color: #fff;
    font-weight: 600;
  }
  .chip.sentinel .i {
    color: rgb(255 255 255 / 0.85);
  }
  .chip.dark {
    color: #fff;
  }
  .chip.dark .i {
    color: rgb(255 255 255 / 0.8);
  }
`;

export interface ChipOptions {
  /** Show ids under the pieces (default true). */
  ids?: boolean;
  /** Per-token outline colour (e.g. the span a corrupted token belongs to), or undefined. */
  outline?: (index: number) => string | undefined;
  /** Background override per token (e.g. the mask id in MASS-style inputs). */
  background?: (index: number) => string | undefined;
  /** Draws token i as an ordinary token even if its id is a sentinel (the MASS/BERT mask id). */
  notSentinel?: (index: number) => boolean;
  /** Extra class per token (`dark` for light text on a dark background). */
  className?: (index: number) => string | undefined;
}

/** Renders chips; each has `data-token-id` and, for sentinels, `data-sentinel`. */
export function tokenChipsTemplate(chips: readonly TokenChip[], options: ChipOptions = {}): TemplateResult {
  const showIds = options.ids ?? true;
  return html`<div class="chips">
    ${chips.map((c, i) => {
      const outline = options.outline?.(i);
      const sentinel = options.notSentinel?.(i) ? -1 : c.sentinel;
      const bg = sentinel >= 0 ? sentinelColor(sentinel) : (options.background?.(i) ?? idColor(c.id));
      const style = { background: bg, ...(outline ? { color: outline, outline: `2px solid ${outline}`, outlineOffset: '-1px' } : {}) };
      return html`<span
        class="chip ${sentinel >= 0 ? 'sentinel' : ''} ${options.className?.(i) ?? ''}"
        style=${styleMap(style)}
        data-token-id=${c.id}
        data-sentinel=${sentinel >= 0 ? sentinel : nothing}
        title=${`id ${c.id}`}
        ><span class="p" style=${outline ? 'color:#1a1a1a' : ''}>${visiblePiece(c.piece)}</span
        >${showIds ? html`<span class="i">${c.id}</span>` : nothing}</span
      >`;
    })}
  </div>`;
}
