/**
 * JavaScript code cells, in Observable's cell syntax (parsed with @observablehq/parser):
 *
 *     name = expression            publishes the value as `name`
 *     name = { statements }        a block; its `return` value is published as `name`
 *     expression   or   { … }      shown under the cell, publishes nothing
 *
 * `await` may be used anywhere. The cell's inputs are its free variables — every name it reads
 * without declaring it — except the builtins (`tf`, `Plot`, `t5lab`, `signal`: the run's
 * AbortSignal) and standard JavaScript/browser globals (`Math`, `console`, `document`, …).
 * So `y = x * 2` reads `x` from whichever cell defines it and re-runs when it changes.
 * Not supported (refused with a message): `viewof`, `mutable`, `import`, generators (`yield`).
 *
 * DOM-free: parsing and compiling run in Node too. Compiling is separate from parsing because
 * an untrusted notebook's code must never be turned into a function at all.
 */
import { parseCell } from '@observablehq/parser';

/** Values every code cell can use without declaring them as inputs. */
export const CODE_BUILTINS = ['tf', 'Plot', 't5lab', 'signal'] as const;
export type CodeBuiltinName = (typeof CODE_BUILTINS)[number];

/**
 * Globals the parser does not already treat as such (its list covers Math, JSON, console,
 * document, window, typed arrays, …). A name here is never an input.
 */
const EXTRA_GLOBALS = new Set([
  'globalThis',
  'self',
  'location',
  'structuredClone',
  'queueMicrotask',
  'AbortController',
  'AbortSignal',
  'Element',
  'HTMLElement',
  'SVGElement',
  'Node',
  'Event',
  'DocumentFragment',
  'BigInt64Array',
  'BigUint64Array',
  'AggregateError',
  'EvalError',
  'WeakRef',
  'FinalizationRegistry',
  'Atomics',
  'SharedArrayBuffer',
  'localStorage',
  'indexedDB',
  'getComputedStyle',
  'alert',
  'confirm',
  'prompt',
]);

/** Where in the cell's source something is (1-based line and column). */
export interface SourcePosition {
  line: number;
  column: number;
}

export interface ParsedCode {
  /** The published name, or null for an anonymous cell (its value is only shown). */
  name: string | null;
  /** Names read from other cells, in order of first use. */
  inputs: string[];
  /** Builtins the code uses. */
  builtins: CodeBuiltinName[];
  async: boolean;
  /** What the function body is made of, with the source's line numbers kept. */
  body: string;
}

/** A syntax problem, or a runtime error thrown by the cell's code, with its position. */
export class CodeCellError extends Error {
  constructor(
    message: string,
    readonly position?: SourcePosition,
  ) {
    super(position ? `${message} (line ${position.line}, column ${position.column})` : message);
    this.name = 'CodeCellError';
  }
}

/** Keeps the source's line structure (so error lines match) while blanking everything else. */
function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

function positionOf(source: string, offset: number): SourcePosition {
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/**
 * Parses a code cell. Throws CodeCellError naming the problem and its line for invalid code.
 * An empty cell is an anonymous cell whose value is `undefined`.
 */
export function parseCodeCell(source: string): ParsedCode {
  let cell;
  try {
    cell = parseCell(source);
  } catch (err) {
    const e = err as Error & { loc?: { line: number; column: number } };
    const message = e.message.replace(/\s*\(\d+:\d+\)$/, '');
    throw new CodeCellError(`SyntaxError: ${message}`, e.loc ? { line: e.loc.line, column: e.loc.column + 1 } : undefined);
  }
  if (!cell.body) return { name: null, inputs: [], builtins: [], async: false, body: 'return undefined;' };
  const at = (offset: number) => positionOf(source, offset);
  if (cell.body.type === 'ImportDeclaration')
    throw new CodeCellError('import is not supported in t5lab code cells; use the builtins tf, Plot and t5lab', at(cell.body.start));
  if (cell.id && cell.id.type !== 'Identifier') {
    throw new CodeCellError(
      `${cell.id.type === 'ViewExpression' ? 'viewof' : 'mutable'} is not supported in t5lab code cells; write "name = expression"`,
      at(cell.id.start),
    );
  }
  if (cell.generator)
    throw new CodeCellError('generators (yield) are not supported in t5lab code cells; return a value instead', at(cell.body.start));

  const inputs: string[] = [];
  const builtins: CodeBuiltinName[] = [];
  for (const ref of cell.references) {
    if (ref.type !== 'Identifier' || !ref.name)
      throw new CodeCellError('viewof and mutable references are not supported in t5lab code cells', at(ref.start));
    const name = ref.name;
    if ((CODE_BUILTINS as readonly string[]).includes(name)) {
      if (!builtins.includes(name as CodeBuiltinName)) builtins.push(name as CodeBuiltinName);
    } else if (!EXTRA_GLOBALS.has(name) && !inputs.includes(name)) inputs.push(name);
  }

  const { start, end } = cell.body;
  const isBlock = cell.body.type === 'BlockStatement';
  // A block is a statement inside the function, so its `return` returns from it. An expression
  // is wrapped in `return (…)`; the blanked prefix keeps every line where it was in the source.
  const prefix = blank(source.slice(0, start));
  const firstLine = prefix.includes('\n') ? prefix.indexOf('\n') : prefix.length;
  const body = isBlock
    ? `${prefix}${source.slice(start, end)}`
    : `return (${prefix.slice(Math.min(8, firstLine))}${source.slice(start, end)}\n);`;
  return { name: cell.id?.name ?? null, inputs, builtins, async: cell.async, body };
}

/** Where the cell's own line 1 falls in stack traces of a compiled function (measured once). */
let lineOffset: number | undefined;
function stackLineOffset(): number {
  if (lineOffset === undefined) {
    const probe = new Function(`return function () {\nthrow new Error('probe');\n}\n//# sourceURL=t5lab-probe.js`)() as () => void;
    try {
      probe();
    } catch (err) {
      const m = /t5lab-probe\.js:(\d+):\d+/.exec((err as Error).stack ?? '');
      lineOffset = m ? Number(m[1]) - 1 : 0;
    }
  }
  return lineOffset ?? 0;
}

export type CompiledCode = (inputs: Record<string, unknown>, builtins: Partial<Record<CodeBuiltinName, unknown>>) => Promise<unknown>;

/**
 * Turns parsed code into a function of its inputs and builtins. Only call this for a trusted
 * notebook. Errors thrown by the code are rethrown as CodeCellError with the cell's line.
 */
export function compileCodeCell(parsed: ParsedCode, cellId: string): CompiledCode {
  const params = [...parsed.inputs, ...CODE_BUILTINS];
  const file = `t5lab-cell-${cellId.replace(/[^\w-]/g, '_')}.js`;
  // Line 1 of `body` is line 2 of this text, like the probe's `throw`.
  const text = `return ${parsed.async ? 'async ' : ''}function (${params.join(', ')}) {\n${parsed.body}\n}\n//# sourceURL=${file}`;
  let fn: (...args: unknown[]) => unknown;
  try {
    fn = new Function(text)() as typeof fn;
  } catch (err) {
    throw new CodeCellError(`SyntaxError: ${(err as Error).message}`);
  }
  const pattern = new RegExp(`${file.replace(/[.]/g, '\\.')}:(\\d+):(\\d+)`);
  return async (inputs, builtins) => {
    try {
      return await fn(...parsed.inputs.map((n) => inputs[n]), ...CODE_BUILTINS.map((b) => builtins[b]));
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      if (e.name === 'AbortError') throw e;
      const m = pattern.exec(e.stack ?? '');
      const position = m ? { line: Number(m[1]) - stackLineOffset(), column: Number(m[2]) } : undefined;
      throw new CodeCellError(`${e.name}: ${e.message}`, position);
    }
  };
}
