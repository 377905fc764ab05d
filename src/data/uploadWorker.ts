/**
 * Module worker for dataset uploads (src/data/parseOffThread.ts is its client): checks and parses
 * a file, or parses stored text, and shapes what the dataset cell shows, so a large upload never
 * blocks the page.
 */
import { checkUpload } from './userUpload.ts';
import { parseForCell, parsedTransfer, type UploadReply, type UploadRequest } from './parseOffThread.ts';

self.onmessage = (e: MessageEvent<UploadRequest>) => {
  const msg = e.data;
  let reply: UploadReply;
  let transfer: Transferable[] = [];
  try {
    if (msg.type === 'check') {
      const checked = checkUpload(msg.name, new Uint8Array(msg.bytes));
      reply = checked.ok
        ? {
            ok: true,
            type: 'check',
            kind: checked.kind,
            text: checked.text,
            rows: checked.rows,
            ...(checked.header !== undefined ? { header: checked.header } : {}),
          }
        : { ok: false, errors: checked.errors };
    } else {
      // Shaped here (counts, split indices, length bins, prefix, metrics) and the rows packed in two
      // buffers that are transferred: the page does no per-row work and receives no row as a string.
      const parsed = parseForCell(msg.kind, msg.name, msg.text);
      if (parsed.ok) {
        reply = { ok: true, type: 'parse', ...parsed.value };
        transfer = parsedTransfer(parsed.value);
      } else reply = parsed;
    }
  } catch (err) {
    reply = { ok: false, errors: [(err as Error).message] };
  }
  (self as unknown as Worker).postMessage(reply, transfer);
};
