/**
 * Module worker for user datasets (src/data/parseOffThread.ts is its client): checks, saves,
 * reads back and parses a file, and shapes what the dataset cell shows (uploadRequests.ts), so a
 * large upload never blocks the page; the rows come back packed in transferred buffers.
 */
import { handleUploadRequest, type UploadRequest } from './uploadRequests.ts';

self.onmessage = async (e: MessageEvent<UploadRequest>) => {
  const { reply, transfer } = await handleUploadRequest(e.data);
  (self as unknown as Worker).postMessage(reply, transfer);
};
