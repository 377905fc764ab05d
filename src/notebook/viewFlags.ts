/**
 * Page flags for teaching, read from the URL like TensorFlow Playground's `_hide` flags:
 * `?hide=controls,code` hides parts of the page, `?present=1` is the presenter view (large
 * type, no editing chrome). Unknown names are reported, not silently ignored.
 */

/** What `?hide=` can hide. */
export const HIDEABLE = {
  controls: "cells' parameter controls",
  code: 'the source of code and markdown cells (their output stays)',
  toolbar: 'the cell toolbars (move, delete, add, lazy)',
  menu: 'the notebook menu',
} as const;
export type Hideable = keyof typeof HIDEABLE;

export interface ViewFlags {
  hide: ReadonlySet<Hideable>;
  present: boolean;
  /** Problems with the flags, one sentence each (shown to the user). */
  warnings: string[];
}

export function parseViewFlags(search: string): ViewFlags {
  const params = new URLSearchParams(search);
  const hide = new Set<Hideable>();
  const warnings: string[] = [];
  for (const raw of params.getAll('hide').flatMap((v) => v.split(','))) {
    const name = raw.trim();
    if (!name) continue;
    if (name in HIDEABLE) hide.add(name as Hideable);
    else warnings.push(`?hide=${name} is not something t5lab can hide (try ${Object.keys(HIDEABLE).join(', ')})`);
  }
  const presentValue = params.get('present');
  const present = presentValue !== null && presentValue !== '0' && presentValue !== 'false';
  // The presenter view is for showing, not editing.
  if (present) hide.add('toolbar');
  return { hide, present, warnings };
}
