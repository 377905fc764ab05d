// Minimal typings for @observablehq/runtime 6 (the package ships none): the parts t5lab uses.
declare module '@observablehq/runtime' {
  export interface Observer {
    pending?(): void;
    fulfilled?(value: unknown, name?: string | null): void;
    rejected?(error: unknown, name?: string | null): void;
  }
  export class RuntimeError extends Error {
    input?: string;
  }
  export class Variable {
    define(name: string | null, inputs: string[], definition: (...args: any[]) => unknown): this;
    define(inputs: string[], definition: (...args: any[]) => unknown): this;
    delete(): this;
  }
  export class Module {
    variable(observer?: Observer): Variable;
    redefine(name: string, inputs: string[], definition: (...args: any[]) => unknown): Variable;
    value(name: string): Promise<unknown>;
  }
  export class Runtime {
    constructor(builtins?: Record<string, unknown>, global?: (name: string) => unknown);
    module(): Module;
    dispose(): void;
  }
}
