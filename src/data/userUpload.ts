/**
 * Checks a file a user adds as a dataset before anything is stored: its kind from the name
 * (`.tsv` task, `.txt` corpus), its size, and its content (UTF-8 text, well-formed rows), with
 * messages that name the file and the line. Pure: the caller reads the bytes.
 */
import { decodeDatasetText } from './decodeText.ts';
import { parseCorpus, parseTsvTask } from './parseDataset.ts';
import { uploadKind } from './datasetValue.ts';

/** Larger files would freeze the tab while parsing; the bundled corpora are ≤ 6 MB. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** `rows`: examples or documents; `header`: a skipped header row of a task file. */
export type UploadCheck =
  { ok: true; kind: 'task' | 'corpus'; text: string; rows: number; header?: string } | { ok: false; errors: string[] };

/** The file's size alone, so an oversized file is refused before it is read. */
export function checkUploadSize(name: string, size: number): string | undefined {
  return size > MAX_UPLOAD_BYTES
    ? `${name}: ${(size / 1e6).toFixed(1)} MB is more than the ${MAX_UPLOAD_BYTES / 1024 / 1024} MB a browser tab can parse comfortably`
    : undefined;
}

export function checkUpload(name: string, bytes: Uint8Array): UploadCheck {
  const kind = uploadKind(name);
  if ('error' in kind) return { ok: false, errors: [kind.error] };
  const tooBig = checkUploadSize(name, bytes.length);
  if (tooBig) return { ok: false, errors: [tooBig] };
  const parsed = kind.kind === 'task' ? parseTsvTask(bytes, name) : parseCorpus(bytes, name);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map(String) };
  const decoded = decodeDatasetText(bytes, name);
  if (!decoded.ok) return { ok: false, errors: [String(decoded.error)] };
  const v = parsed.value;
  const rows = v.kind === 'task' ? v.examples.length : v.documents.length;
  return v.kind === 'task' && v.header !== undefined
    ? { ok: true, kind: kind.kind, text: decoded.text, rows, header: v.header }
    : { ok: true, kind: kind.kind, text: decoded.text, rows };
}
