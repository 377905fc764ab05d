// Every file of cells/kinds/ is one cell kind, named by the file: this is what lets a kind be added
// by adding one file (cells/shell/all-kinds.ts loads the folder with a glob; nothing lists kinds).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

const kindsDir = new URL('../../../cells/kinds/', import.meta.url);
const files = readdirSync(kindsDir).filter((f) => f.endsWith('.ts'));

describe('cells/kinds', () => {
  it('holds one module per cell kind, each defining exactly the kind its file is named after, with the tag t5-<kind>-cell', () => {
    assert.ok(files.length >= 17, `expected the 17 kinds, found ${files.length}`);
    for (const file of files) {
      const source = readFileSync(new URL(file, kindsDir), 'utf8');
      const kinds = [...source.matchAll(/^\s*kind: '([a-z0-9-]+)',$/gm)].map((m) => m[1]);
      const tags = [...source.matchAll(/^\s*tag: '([a-z0-9-]+)',$/gm)].map((m) => m[1]);
      const name = file.replace(/\.ts$/, '');
      assert.deepEqual(kinds, [name], `${file} defines kinds ${JSON.stringify(kinds)}`);
      assert.deepEqual(tags, [`t5-${name}-cell`], `${file} defines tags ${JSON.stringify(tags)}`);
      assert.equal((source.match(/^defineCellKind\(/gm) ?? []).length, 1, `${file} calls defineCellKind once`);
    }
  });

  it('never lets one kind import another (shared code lives in cells/widgets or src/)', () => {
    for (const file of files) {
      const source = readFileSync(new URL(file, kindsDir), 'utf8');
      const imports = [...source.matchAll(/from '(\.\/[^']+)'|import '(\.\/[^']+)'/g)].map((m) => m[1] ?? m[2]);
      assert.deepEqual(imports, [], `${file} imports ${imports.join(', ')}`);
    }
  });

  it('is loaded as a whole folder by the shell, so no list of kinds needs editing', () => {
    const loader = readFileSync(new URL('../../../cells/shell/all-kinds.ts', import.meta.url), 'utf8');
    assert.match(loader, /import\.meta\.glob\('\.\.\/kinds\/\*\.ts', \{ eager: true \}\)/);
    const main = readFileSync(new URL('../../../cells/shell/main.ts', import.meta.url), 'utf8');
    assert.match(main, /import '\.\/all-kinds\.ts';/);
    assert.doesNotMatch(main, /kinds\//, 'main.ts names no kind module');
  });
});
