/**
 * Atomic file writes for Node (the CLI's run directories and HF checkpoints): the data goes to a
 * temporary file in the same folder, is flushed to disk, and only then renamed over the target.
 * A rename within one folder is atomic, so a reader — or the next run after a crash, a kill or
 * a full disk — sees either the old file or the new one, never a half-written one.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A whole file, or its bytes in chunks (written in order; a chunk source may throw midway). */
export type FileData = string | Uint8Array | Iterable<Uint8Array>;

let counter = 0;

/** The temporary name used while `path` is written (hidden, unique per process and call). */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${counter++}`);
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

/**
 * Writes `data` to `path` atomically. On any failure the temporary file is removed, the error is
 * rethrown and `path` keeps its previous content (or stays absent).
 */
export function writeFileAtomic(path: string, data: FileData): void {
  const tmp = temporaryPathFor(path);
  const fd = openSync(tmp, 'w');
  let ok = false;
  try {
    if (typeof data === 'string') writeAll(fd, new TextEncoder().encode(data));
    else if (data instanceof Uint8Array) writeAll(fd, data);
    else for (const chunk of data) writeAll(fd, chunk);
    fsyncSync(fd);
    ok = true;
  } finally {
    closeSync(fd);
    if (!ok) rmSync(tmp, { force: true });
  }
  try {
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
