/**
 * Module worker that reads a Hugging Face checkpoint folder (hfParse.ts is its client), so that
 * parsing and F16/BF16 conversion of a t5-small-sized folder never blocks the page.
 */
import { parseHfFiles, transferables, type HfParseMessage, type HfParseRequest } from './hfParse.ts';

const post = (m: HfParseMessage, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

async function handle(e: MessageEvent<HfParseRequest>): Promise<void> {
  try {
    // Progress at most every 1 %, so the messages never cost more than the reading.
    let last = -1;
    const parsed = await parseHfFiles(
      e.data.files,
      {
        weights: e.data.weights,
        onProgress: (p) => {
          const pct = Math.floor((100 * p.done) / Math.max(1, p.total));
          if (pct === last && p.phase === 'reading') return;
          last = pct;
          post({ type: 'progress', ...p });
        },
      },
      'worker',
    );
    post({ type: 'result', ok: true, parsed }, transferables(parsed));
  } catch (err) {
    post({ type: 'result', ok: false, error: (err as Error).message });
  }
}

self.onmessage = (e: MessageEvent<HfParseRequest>) => void handle(e);
