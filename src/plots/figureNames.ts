/**
 * File names for exported figures, derived from their `data-figure` names: safe on every file
 * system and unique within one export, so "export all" never overwrites one figure with another.
 */

/** Lower-case letters, digits, `.`, `_` and `-`; anything else becomes `-`. Empty → `figure`. */
export function figureSlug(name: string | null | undefined): string {
  const slug = (name ?? '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return slug || 'figure';
}

/**
 * One unique slug per name, in order: repeats get `-2`, `-3`, … (skipping suffixes that another
 * figure already uses as its own name).
 */
export function uniqueFigureNames(names: readonly (string | null | undefined)[]): string[] {
  const slugs = names.map(figureSlug);
  const taken = new Set<string>();
  const reserved = new Set(slugs);
  return slugs.map((slug) => {
    let name = slug;
    // A repeat must not take a name that a later figure has as its own.
    for (let n = 2; taken.has(name) || (name !== slug && reserved.has(name)); n++) name = `${slug}-${n}`;
    taken.add(name);
    return name;
  });
}
