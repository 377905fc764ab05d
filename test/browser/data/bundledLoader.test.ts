import { assert } from '@esm-bundle/chai';
import { bundledDatasets } from '../../../src/data/bundled.ts';
import { loadBundled, readBundledFile } from '../../../src/data/bundledFiles.browser.ts';

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

describe('bundled datasets in the browser', () => {
  it('fetches every file from the page origin (no outside network) with the manifest checksum', async () => {
    const requested: string[] = [];
    const realFetch = globalThis.fetch;
    // Record the URLs the loader asks for; the real fetch still does the work.
    globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      requested.push(String(input instanceof Request ? input.url : input));
      return realFetch(input, init);
    };
    try {
      for (const info of bundledDatasets()) {
        const bytes = await readBundledFile(info.file);
        assert.equal(bytes.length, info.bytes, info.name);
        assert.equal(await sha256Hex(bytes), info.sha256, info.name);
      }
    } finally {
      globalThis.fetch = realFetch;
    }
    assert.lengthOf(requested, bundledDatasets().length);
    for (const url of requested) assert.equal(new URL(url, location.href).origin, location.origin, url);
  });

  it('parses every bundled dataset to the manifest row count', async () => {
    for (const info of bundledDatasets()) {
      const ds = await loadBundled(info.name);
      // A `pages` dataset (raw web pages for the C4 cell) loads as a corpus of one document per page.
      assert.equal(ds.kind, info.kind === 'pages' ? 'corpus' : info.kind, info.name);
      assert.equal(ds.kind === 'task' ? ds.examples.length : ds.documents.length, info.examples, info.name);
    }
  });
});
