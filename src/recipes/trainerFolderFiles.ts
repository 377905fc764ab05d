/**
 * The browser's side of reading an HF Trainer folder: the files a user dropped or chose (each a
 * Blob with its path relative to the drop, as a directory walk or `webkitRelativePath` gives it),
 * or a zip of the folder. Only the files the shared reader (trainerFolder.ts) asks for are read;
 * the model's weight files stay Blobs, for the checking worker and the checkpoint store. No DOM:
 * Blob is a web platform type that Node has too, so the Node tests run this module as is.
 */
import { unzipSync } from 'fflate';
import { ImportRunError, normalisePath, planTrainerFolder, readTrainerFolder, type TrainerFolderImport } from './trainerFolder.ts';

/** One dropped or chosen file: its path relative to the drop ("t5-run/checkpoint-40/config.json") and its contents. */
export interface FolderEntry {
  path: string;
  data: Blob;
}

/** What a drop read to: the run, and the final model's files by base name (Blobs, unread). */
export interface DroppedTrainerRun extends TrainerFolderImport {
  modelFiles: { name: string; data: Blob }[];
  /** The folder as messages and names call it ("t5-run"). */
  folder: string;
}

/** Files a zip or a Finder/Explorer copy adds that belong to no folder. */
const JUNK = (p: string) => p.startsWith('__MACOSX/') || /(^|\/)\._/.test(p) || /(^|\/)(\.DS_Store|Thumbs\.db)$/.test(p);

/**
 * The entries of a zip of a Trainer folder that the import needs (the plan's files: optimizer
 * states and older checkpoints are not extracted). A zip of the folder's contents (no one top
 * folder) gets the zip's own name as its top folder, so messages name "run/checkpoint-40/…".
 */
export function entriesFromZip(bytes: Uint8Array, zipName: string): FolderEntry[] {
  const unzip = (filter: (name: string) => boolean) => {
    try {
      return unzipSync(bytes, { filter: (f) => filter(f.name) });
    } catch (err) {
      throw new ImportRunError(`${zipName}: not a readable zip file (${(err as Error).message})`);
    }
  };
  // First the names only (the filter sees the central directory; nothing is inflated).
  const names: string[] = [];
  unzip((name) => {
    if (!name.endsWith('/') && !JUNK(normalisePath(name))) names.push(name);
    return false;
  });
  const tops = new Set(names.map(normalisePath).map((p) => (p.includes('/') ? p.split('/')[0] : '')));
  const prefix = tops.size === 1 && !tops.has('') ? '' : `${zipName.replace(/\.zip$/i, '') || 'zip'}/`;
  const pathOf = (name: string) => prefix + normalisePath(name);
  const plan = planTrainerFolder(names.map(pathOf), names.length === 0 ? zipName : undefined);
  const wanted = new Set([...plan.read, ...(plan.model?.files ?? [])]);
  const files = unzip((name) => wanted.has(pathOf(name)));
  return Object.entries(files).map(([name, data]) => ({ path: pathOf(name), data: new Blob([data as BlobPart]) }));
}

/**
 * Reads a dropped folder (or the entries of a zip) with the shared reader. Throws ImportRunError
 * naming the file and what is wrong; an empty drop is refused with a message saying so.
 */
export async function readDroppedTrainerFolder(entries: FolderEntry[], now = Date.now()): Promise<DroppedTrainerRun> {
  const kept = entries.map((e) => ({ path: normalisePath(e.path), data: e.data })).filter((e) => e.path !== '' && !JUNK(e.path));
  if (kept.length === 0)
    throw new ImportRunError(
      'nothing to import: the drop held no files (drop an HF Trainer output folder, or choose it with "choose folder")',
    );
  const plan = planTrainerFolder(kept.map((e) => e.path));
  const byPath = new Map(kept.map((e) => [e.path, e.data]));
  const files = new Map<string, Uint8Array>();
  for (const p of plan.read) files.set(p, new Uint8Array(await byPath.get(p)!.arrayBuffer()));
  const folder = plan.root || 'the dropped files';
  const imported = readTrainerFolder(files, { plan, source: `the dropped folder ${folder}`, runtime: 'browser', now });
  const modelFiles = (plan.model?.files ?? []).map((p) => ({ name: p.slice(p.lastIndexOf('/') + 1), data: byPath.get(p)! }));
  return { ...imported, modelFiles, folder };
}
