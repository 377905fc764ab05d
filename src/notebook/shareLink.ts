/**
 * Share a notebook's state (its cells, their parameters, the seed) in a URL fragment:
 * `#nb=<base64url of the deflated notebook JSON>`. The fragment never reaches a server, and a
 * shared notebook opens like an imported file: validated, stored as a new notebook, untrusted.
 */
import { strFromU8, strToU8, zlibSync } from 'fflate';
import { inflateCapped, MAX_SHARED_BYTES } from './importLimits.ts';
import { importNotebookFile, type NotebookFile } from './notebookFile.ts';
import type { NotebookDocument } from './notebookDocument.ts';

export const SHARE_PARAM = 'nb';

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('it is not base64url text');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The `nb=…` fragment for a notebook (without the leading `#`). Trust is never shared. */
export function shareFragment(doc: NotebookDocument): string {
  const { trusted: _trusted, ...shared } = doc;
  return `${SHARE_PARAM}=${toBase64Url(zlibSync(strToU8(JSON.stringify(shared)), { level: 9 }))}`;
}

/** A full share URL: `base` (the page's URL) with its fragment replaced. */
export function shareUrl(doc: NotebookDocument, base: string): string {
  const url = new URL(base);
  url.hash = shareFragment(doc);
  return url.toString();
}

/**
 * The encoded notebook in a URL fragment (`#nb=…`), or undefined when there is none. An empty
 * `#nb=` gives '' (which decodeSharedNotebook refuses with a message), not undefined.
 */
export function sharedPayload(hash: string): string | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get(SHARE_PARAM) ?? undefined;
}

/**
 * Decodes a shared notebook. Throws an Error naming what is wrong (a cut-off link, not a
 * notebook, a newer version); the result is untrusted, like any import.
 */
export function decodeSharedNotebook(payload: string): NotebookFile {
  if (!payload.trim()) throw new Error('the link is empty: there is no notebook after #nb=; ask for the link again');
  let text: string;
  try {
    text = strFromU8(inflateCapped(fromBase64Url(payload)));
  } catch (err) {
    if (err instanceof RangeError) {
      throw new Error(
        `the shared link ${err.message}; a shared notebook is at most ${MAX_SHARED_BYTES / (1024 * 1024)} MB, so it was not opened (it may be a decompression bomb)`,
        { cause: err },
      );
    }
    throw new Error(`the shared link is damaged or incomplete (${(err as Error).message}); ask for the link again`, { cause: err });
  }
  return importNotebookFile(text, 'the shared link');
}
