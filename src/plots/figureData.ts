/**
 * A figure's data as files: rows of plain objects serialised to CSV (RFC 4180) and JSON, so a
 * reader can re-plot or check a figure in another tool. No DOM: this also runs in Node.
 */

/**
 * One row of a figure's data: a plain object, what the plot marks were drawn from. `object`
 * rather than a record type so that interfaces (which have no index signature) qualify.
 */
export type FigureRow = object;

/** Column names: every key of every row, in order of first appearance (rows may be ragged). */
export function csvColumns(rows: readonly FigureRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

/** The text of one cell: empty for a missing value, ISO for dates, JSON for nested values. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** RFC 4180 §2.6–2.7: quote a field that holds a comma, quote, CR or LF; double inner quotes. */
export function csvField(value: unknown): string {
  const text = cellText(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * RFC 4180 CSV with a header line and CRLF line breaks (also after the last record, which the
 * RFC allows and spreadsheet tools expect). `columns` defaults to {@link csvColumns}.
 */
export function toCsv(rows: readonly FigureRow[], columns: readonly string[] = csvColumns(rows)): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField((row as Record<string, unknown>)[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** Pretty JSON (an array of the rows), with a final newline as text files conventionally end. */
export function toJson(rows: readonly FigureRow[]): string {
  return JSON.stringify(rows, null, 2) + '\n';
}
