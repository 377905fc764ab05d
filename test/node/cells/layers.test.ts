// The folders are layers and imports only go down them (docs/ARCHITECTURE.md, "Layout"): the core
// never reaches into the views, shared widgets never into kinds or the shell, and a kind reaches the
// shell only to register itself. A cycle check alone would let these drift.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** `src`, or the cells/ folder a file is in (`kinds`, `widgets`, `shell`, `figures`); else null (data files). */
function layer(path: string): string | null {
  if (path.startsWith('src/')) return 'src';
  if (path.startsWith('cells/')) return path.split('/')[1];
  return null;
}

const ALLOWED: Record<string, string[]> = {
  src: ['src'],
  widgets: ['src', 'widgets'],
  figures: ['src', 'widgets', 'figures'],
  kinds: ['src', 'widgets', 'figures'],
  shell: ['src', 'widgets', 'figures', 'kinds', 'shell'],
};

describe('source layers', () => {
  it('import only downwards: src/ ← cells/widgets ← cells/kinds ← cells/shell (a kind may import only the registry of the shell)', () => {
    const violations: string[] = [];
    for (const file of [...sources('src'), ...sources('cells')]) {
      const from = layer(file)!;
      const text = readFileSync(join(root, file), 'utf8');
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^'?]+)/g)) {
        const target = relative(root, normalize(join(root, dirname(file), m[1])));
        const to = layer(target);
        if (to === null) continue;
        if (from === 'kinds' && target === 'cells/shell/registry.ts') continue;
        if (!(ALLOWED[from] ?? []).includes(to)) violations.push(`${file} imports ${target}`);
      }
    }
    assert.deepEqual(violations, []);
  });
});
