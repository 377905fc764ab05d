/**
 * Module worker for dataset uploads (src/data/parseOffThread.ts is its client): checks and parses
 * a file, or parses stored text, and shapes what the dataset cell shows, so a large upload never
 * blocks the page.
 */
import { checkUpload } from './userUpload.ts';
import { datasetView, type UploadReply, type UploadRequest } from './parseOffThread.ts';
import { parseCorpus, parseTsvTask } from './parseDataset.ts';

self.onmessage = (e: MessageEvent<UploadRequest>) => {
  const msg = e.data;
  let reply: UploadReply;
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
      const parsed = msg.kind === 'task' ? parseTsvTask(msg.text, msg.name) : parseCorpus(msg.text, msg.name);
      reply = parsed.ok
        ? { ok: true, type: 'parse', dataset: parsed.value, view: datasetView(parsed.value) }
        : { ok: false, errors: parsed.errors.map(String) };
    }
  } catch (err) {
    reply = { ok: false, errors: [(err as Error).message] };
  }
  (self as unknown as Worker).postMessage(reply);
};
