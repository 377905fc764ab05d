/** Module worker for the C4 cleaning cell (cleanOffThread.ts is its client): runs the pipeline. */
import { cleanOutcome, type CleanReply, type CleanRequest } from './cleanOffThread.ts';

self.onmessage = async (e: MessageEvent<CleanRequest>) => {
  let reply: CleanReply;
  try {
    reply = { ok: true, ...(await cleanOutcome(e.data)) };
  } catch (err) {
    reply = { ok: false, error: (err as Error).message };
  }
  (self as unknown as Worker).postMessage(reply);
};
