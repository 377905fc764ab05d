/**
 * The notebook's dataflow graph, checked before anything runs: every name has one definer, every
 * input is defined, and there are no cycles. Problems are reported with the cells involved (and
 * for cycles the path), so the UI can say exactly what to fix.
 */

export interface CellDataflow {
  id: string;
  inputs: readonly string[];
  outputs: readonly string[];
}

export type GraphProblem =
  | { kind: 'duplicate'; name: string; cells: string[]; message: string }
  | { kind: 'missing'; name: string; cell: string; message: string }
  | { kind: 'cycle'; path: string[]; message: string };

export interface GraphAnalysis {
  /** name → id of the one cell that defines it (duplicates excluded). */
  definers: Map<string, string>;
  problems: GraphProblem[];
  /** Cells in an order where every cell comes after the cells it reads (cycle members last). */
  order: string[];
}

export function analyzeGraph(cells: readonly CellDataflow[]): GraphAnalysis {
  const problems: GraphProblem[] = [];
  const byName = new Map<string, string[]>();
  for (const c of cells) for (const name of c.outputs) byName.set(name, [...(byName.get(name) ?? []), c.id]);

  const definers = new Map<string, string>();
  for (const [name, ids] of byName) {
    if (ids.length > 1) {
      problems.push({ kind: 'duplicate', name, cells: ids, message: `"${name}" is defined by more than one cell: ${ids.join(', ')}` });
    } else definers.set(name, ids[0]);
  }

  const deps = new Map<string, string[]>();
  for (const c of cells) {
    const upstream: string[] = [];
    for (const name of c.inputs) {
      const d = definers.get(name);
      if (d) upstream.push(d);
      else if (!byName.has(name))
        problems.push({ kind: 'missing', name, cell: c.id, message: `cell ${c.id} reads "${name}", which no cell defines` });
    }
    deps.set(c.id, upstream);
  }

  // Depth-first search; a grey node reached again closes a cycle, whose path we report.
  const colour = new Map<string, 'grey' | 'black'>();
  const order: string[] = [];
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (id: string) => {
    colour.set(id, 'grey');
    stack.push(id);
    for (const d of deps.get(id) ?? []) {
      const c = colour.get(d);
      if (c === 'grey') {
        const path = [...stack.slice(stack.indexOf(d)), d];
        const key = [...path.slice(0, -1)].sort().join('|');
        if (!reported.has(key)) {
          reported.add(key);
          problems.push({ kind: 'cycle', path, message: `circular definition: ${path.join(' → ')}` });
        }
      } else if (!c) visit(d);
    }
    stack.pop();
    colour.set(id, 'black');
    order.push(id);
  };
  for (const c of cells) if (!colour.has(c.id)) visit(c.id);
  return { definers, problems, order };
}

/** Every cell that (transitively) reads an output of `id`. */
export function downstreamOf(cells: readonly CellDataflow[], id: string): Set<string> {
  const { definers } = analyzeGraph(cells);
  const readers = new Map<string, string[]>();
  for (const c of cells) {
    for (const name of c.inputs) {
      const d = definers.get(name);
      if (d) readers.set(d, [...(readers.get(d) ?? []), c.id]);
    }
  }
  const out = new Set<string>();
  const queue = [id];
  while (queue.length) {
    for (const r of readers.get(queue.pop()!) ?? [])
      if (!out.has(r)) {
        out.add(r);
        queue.push(r);
      }
  }
  out.delete(id);
  return out;
}
