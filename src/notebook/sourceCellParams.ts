/** Schema of the cells whose one parameter is their text: code (`source`) and markdown (`source`). */
import { string, type Schema } from '../validation/checks.ts';
import { parseCellParams } from '../validation/cellParams.ts';

export interface SourceCellParams {
  source: string;
}

const schema = (label: string): Schema<SourceCellParams> => ({ source: { label, check: (v, l) => string(v, l) } });

/** A code cell's params: `source` must be text (a number or an object is shown as wrong, not run). */
export const codeCellParams = (raw: unknown) => parseCellParams(raw, schema('code'), { source: '' });
/** A markdown cell's params: `source` must be text. */
export const markdownCellParams = (raw: unknown) => parseCellParams(raw, schema('markdown'), { source: '' });
