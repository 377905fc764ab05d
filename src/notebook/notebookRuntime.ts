/**
 * The reactive engine behind the notebook, built on @observablehq/runtime (topological
 * re-evaluation, stale results dropped, invalidation, circular/duplicate detection) with what
 * t5lab adds on top: cells with several named outputs, an AbortSignal and version per run, errors
 * that block dependents ("blocked by ‹cell›") instead of cascading, lazy cells that wait for Run,
 * and disposal of a cell's old outputs (tensors) when they are replaced or the cell is deleted.
 * DOM-free: runs in Node for tests and the CLI.
 */
import { Runtime, type Module, type Variable } from '@observablehq/runtime';
import { analyzeGraph, type CellDataflow, type GraphProblem } from './dependencyGraph.ts';

export type Outputs = Record<string, unknown>;

export interface RunContext {
  /** Aborted as soon as this run is superseded (an input changed) or the cell is deleted. */
  signal: AbortSignal;
  /** Increases with every run of this cell. */
  version: number;
  cellId: string;
}

export interface CellProgram {
  inputs: readonly string[];
  outputs: readonly string[];
  /** Expensive cells (training, sweeps) wait for `run(id)` instead of running on every change. */
  lazy?: boolean;
  run(inputs: Outputs, ctx: RunContext): Outputs | Promise<Outputs>;
  /** Frees what a run produced (e.g. tf tensors) once its outputs are replaced or deleted. */
  dispose?(outputs: Outputs): void;
}

export type CellStatus = 'idle' | 'running' | 'ok' | 'error' | 'blocked' | 'waiting';

export interface CellState {
  status: CellStatus;
  /** Outputs of the last successful run; kept (shown dimmed) while stale, running or blocked. */
  outputs?: Outputs;
  /** True when `outputs` no longer reflect the current inputs. */
  stale: boolean;
  error?: string;
  /** The cell whose error stops this one (status 'blocked'). */
  blockedBy?: string;
  /** Version of the run that produced `outputs`. */
  version: number;
  /** Number of completed runs (successful or not); tests and the UI use it to see re-runs. */
  runs: number;
}

type Listener = (state: CellState) => void;

/** Why an interrupted run stopped: shown as the cell's error until it runs again. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted (the run was stopped)');
  }
}

class StaleRun extends Error {
  constructor() {
    super('superseded');
  }
}

interface Entry {
  program: CellProgram;
  /** Aborts the run in progress (an interrupt). */
  controller?: AbortController;
  variable: Variable;
  outputVars: Variable[];
  runToken?: Variable;
  runCount: number;
  consumedRun: number;
  version: number;
  state: CellState;
  listeners: Set<Listener>;
}

const CELL = (id: string) => `cell ${id}`;
const RUN = (id: string) => `run ${id}`;

export class NotebookRuntime {
  private readonly runtime: Runtime;
  private readonly module: Module;
  private readonly cells = new Map<string, Entry>();
  private problems: GraphProblem[] = [];

  constructor() {
    // Unknown names must not fall through to window globals (Observable's default): a cell
    // reading "name" or "top" would silently get the browser's values.
    this.runtime = new Runtime(undefined, (name: string) => {
      throw new Error(`"${name}" is not defined by any cell`);
    });
    this.module = this.runtime.module();
  }

  /** Graph problems (duplicate definers, missing inputs, cycles with their path) as of the last edit. */
  graphProblems(): GraphProblem[] {
    return this.problems;
  }

  state(id: string): CellState | undefined {
    return this.cells.get(id)?.state;
  }

  /** Listens to a cell's state; called at once with the current state. Returns an unsubscribe. */
  subscribe(id: string, listener: Listener): () => void {
    const e = this.cells.get(id);
    if (!e) throw new Error(`subscribe: no cell "${id}"`);
    e.listeners.add(listener);
    listener(e.state);
    return () => e.listeners.delete(listener);
  }

  /** Defines a cell or replaces its program (its dependents re-run). */
  setCell(id: string, program: CellProgram): void {
    if (!id) throw new Error('setCell: id must be a non-empty string');
    for (const n of [...program.inputs, ...program.outputs]) {
      if (!n || n.startsWith('cell ') || n.startsWith('run ')) throw new Error(`setCell(${id}): invalid name "${n}"`);
    }
    let e = this.cells.get(id);
    if (!e) {
      const entry: Entry = {
        program,
        variable: undefined as unknown as Variable,
        outputVars: [],
        runCount: 0,
        consumedRun: 0,
        version: 0,
        state: { status: 'idle', stale: false, version: 0, runs: 0 },
        listeners: new Set(),
      };
      // Observable's variable.delete() redefines the variable as a no-op, which still reports to
      // this observer; a deleted cell must ignore that (it would read `undefined` as outputs).
      const live = () => this.cells.get(id) === entry;
      entry.variable = this.module.variable({
        pending: () =>
          live() &&
          this.update(entry, {
            status: entry.program.lazy && entry.consumedRun >= entry.runCount ? 'waiting' : 'running',
            stale: entry.state.outputs !== undefined,
          }),
        fulfilled: (value) => live() && this.fulfilled(entry, value as Outputs | typeof WAITING),
        rejected: (error) => live() && this.rejected(id, entry, error),
      });
      this.cells.set(id, entry);
      e = entry;
    }
    e.program = program;
    this.define(id, e);
    this.refreshProblems();
  }

  /** Asks a lazy cell to run now (Shift+Enter / the Run button); re-runs an eager one. */
  run(id: string): void {
    const e = this.cells.get(id);
    if (!e) throw new Error(`run: no cell "${id}"`);
    e.runCount++;
    if (e.runToken) e.runToken.define(RUN(id), [], () => e.runCount);
    else this.define(id, e);
  }

  /**
   * Stops the run of cell `id` in progress: its signal aborts and the cell shows an
   * "interrupted" error (its old outputs are kept for dispose). Returns false when it was not running.
   */
  interrupt(id: string): boolean {
    const e = this.cells.get(id);
    if (!e?.controller || e.state.status !== 'running' || e.controller.signal.aborted) return false;
    e.controller.abort(new Interrupted());
    return true;
  }

  /** Removes a cell: aborts its run, disposes its outputs; readers of its names see them undefined. */
  deleteCell(id: string): void {
    const e = this.cells.get(id);
    if (!e) return;
    e.variable.delete();
    for (const v of e.outputVars) v.delete();
    e.runToken?.delete();
    if (e.state.outputs) e.program.dispose?.(e.state.outputs);
    e.listeners.clear();
    this.cells.delete(id);
    this.refreshProblems();
  }

  dispose(): void {
    for (const id of [...this.cells.keys()]) this.deleteCell(id);
    this.runtime.dispose();
  }

  private define(id: string, e: Entry): void {
    const { program } = e;
    for (const v of e.outputVars) v.delete();
    if (program.lazy && !e.runToken) {
      e.runToken = this.module.variable().define(RUN(id), [], () => e.runCount);
    } else if (!program.lazy && e.runToken) {
      e.runToken.delete();
      e.runToken = undefined;
    }
    const inputs = [...program.inputs, 'invalidation', ...(program.lazy ? [RUN(id)] : [])];
    e.variable.define(CELL(id), inputs, (...args: unknown[]) => {
      const values: Outputs = {};
      program.inputs.forEach((name, i) => (values[name] = args[i]));
      const invalidation = args[program.inputs.length] as Promise<void>;
      const token = program.lazy ? (args[program.inputs.length + 1] as number) : 0;
      return this.execute(id, e, program, values, invalidation, token);
    });
    e.outputVars = program.outputs.map((name) =>
      this.module.variable().define(name, [CELL(id)], (out: Outputs | typeof WAITING) => {
        // A lazy cell that has not been run publishes nothing: its readers wait for it.
        if (out === WAITING) throw new Error(`waiting for ${id} to be run`);
        return out[name];
      }),
    );
  }

  private async execute(id: string, e: Entry, program: CellProgram, inputs: Outputs, invalidation: Promise<void>, token: number) {
    const controller = new AbortController();
    void invalidation.then(() => controller.abort(new StaleRun()));
    if (program.lazy && token <= e.consumedRun) {
      // Inputs changed but nobody asked for a run: keep the old outputs, marked stale.
      return WAITING;
    }
    e.consumedRun = token;
    const version = ++e.version;
    e.controller = controller;
    const abort = new Promise<never>((_, reject) =>
      controller.signal.addEventListener(
        'abort',
        () => reject(controller.signal.reason instanceof Interrupted ? controller.signal.reason : new StaleRun()),
        { once: true },
      ),
    );
    abort.catch(() => {});
    const result = await Promise.race([
      Promise.resolve().then(() => program.run(inputs, { signal: controller.signal, version, cellId: id })),
      abort,
    ]);
    for (const name of program.outputs) {
      if (!(name in result)) throw new Error(`cell ${id} did not produce its output "${name}"`);
    }
    return { __version: version, ...result };
  }

  private fulfilled(e: Entry, value: Outputs | typeof WAITING): void {
    if (value === WAITING) {
      // Its inputs are computed again: whatever blocked it before has recovered, so it waits only for Run.
      this.update(e, { status: 'waiting', blockedBy: undefined, error: undefined, stale: e.state.outputs !== undefined });
      return;
    }
    const { __version, ...outputs } = value as Outputs & { __version: number };
    const old = e.state.outputs;
    this.update(e, {
      status: 'ok',
      outputs,
      stale: false,
      error: undefined,
      blockedBy: undefined,
      version: __version,
      runs: e.state.runs + 1,
    });
    if (old && old !== outputs) e.program.dispose?.(old);
  }

  private rejected(id: string, e: Entry, error: unknown): void {
    if (error instanceof StaleRun) return;
    const err = error as Error & { input?: string };
    const message = err?.message ?? String(error);
    // Observable re-throws an input's error as RuntimeError(message, inputName); find the cell
    // that defines that input, and follow its own blocker so we name the root cause.
    const definer = err?.input && err.input !== CELL(id) ? this.definerOf(err.input) : undefined;
    if (definer && definer !== id) {
      const upstream = this.cells.get(definer)?.state;
      const root = (upstream?.status === 'blocked' || upstream?.status === 'waiting') && upstream.blockedBy ? upstream.blockedBy : definer;
      if (this.cells.get(root)?.state.status === 'waiting') {
        this.update(e, {
          status: 'waiting',
          blockedBy: root,
          error: `waiting for ${root} to be run`,
          stale: e.state.outputs !== undefined,
          runs: e.state.runs + 1,
        });
        return;
      }
      this.update(e, {
        status: 'blocked',
        blockedBy: root,
        error: `blocked by ${root}`,
        stale: e.state.outputs !== undefined,
        runs: e.state.runs + 1,
      });
    } else {
      this.update(e, {
        status: 'error',
        error: message,
        blockedBy: undefined,
        stale: e.state.outputs !== undefined,
        runs: e.state.runs + 1,
      });
    }
  }

  private definerOf(name: string): string | undefined {
    if (name.startsWith('cell ')) return name.slice(5);
    for (const [id, e] of this.cells) if (e.program.outputs.includes(name)) return id;
    return undefined;
  }

  private refreshProblems(): void {
    const flows: CellDataflow[] = [...this.cells].map(([id, e]) => ({ id, inputs: e.program.inputs, outputs: e.program.outputs }));
    this.problems = analyzeGraph(flows).problems;
  }

  private update(e: Entry, patch: Partial<CellState>): void {
    e.state = { ...e.state, ...patch };
    for (const l of e.listeners) l(e.state);
  }
}

const WAITING = Symbol('waiting for Run');
