// Minimal typings for @observablehq/parser 6 (the package ships none): the parts t5lab uses.
declare module '@observablehq/parser' {
  interface Node {
    type: string;
    start: number;
    end: number;
    name?: string;
    id?: Node | null;
  }
  export interface ParsedCell {
    type: 'Cell';
    /** `name` in `name = …`; a ViewExpression/MutableExpression for `viewof`/`mutable`; null when anonymous. */
    id: Node | null;
    /** An expression, a BlockStatement, an ImportDeclaration, or null for empty input. */
    body: Node | null;
    /** Free variables the cell reads (Identifiers, or View/MutableExpressions). */
    references: Node[];
    async: boolean;
    generator: boolean;
  }
  export function parseCell(input: string, options?: { globals?: Iterable<string>; locations?: boolean }): ParsedCell;
}
