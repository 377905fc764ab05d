/**
 * The browser's reader of the tokenizers trained ahead of time (src/tokenizers/bundledTrainings.ts):
 * Vite emits each record as an asset, fetched only when a training's key names one.
 */
const urls = import.meta.glob<string>('./bundled/*.json', { query: '?url', import: 'default', eager: true });
const byKey = new Map(Object.entries(urls).map(([path, url]) => [path.slice('./bundled/'.length, -'.json'.length), url]));

/** The stored record for `key`, or undefined when none is bundled; a failed fetch throws (the caller trains). */
export async function readBundledTokenizer(key: string): Promise<unknown> {
  const url = byKey.get(key);
  if (!url) return undefined;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`fetching the bundled tokenizer failed with HTTP ${res.status}`);
  return res.json();
}
