#!/usr/bin/env node
// `npm run check:cycles`: fails when any module in src/ or cells/ imports itself through a
// chain of imports (type-only imports count too: they still tie modules together). Uses dpdm,
// which resolves the `.ts` specifiers the code base uses.
import { parseDependencyTree, parseCircular, prettyCircular } from 'dpdm';

const tree = await parseDependencyTree(['src/**/*.ts', 'cells/**/*.ts'], {
  context: process.cwd(),
  transform: false,
  skipDynamicImports: false,
});
const cycles = parseCircular(tree);
const files = Object.keys(tree).filter((f) => /^(src|cells)\//.test(f)).length;
if (cycles.length) {
  console.error(`check:cycles: ${cycles.length} import cycle(s) among ${files} modules:\n${prettyCircular(cycles)}`);
  process.exit(1);
}
console.log(`check:cycles: no import cycles among ${files} modules of src/ and cells/`);
