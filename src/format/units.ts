/**
 * Short human forms of counts and byte sizes, shared by every cell that shows a parameter count,
 * a token count or a memory figure (so two cells never print the same number two ways).
 */

/** 1234 → "1.2 k", 60 506 624 → "60.51 M"; below a thousand the number itself. */
export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

/** Binary units, as the browser's storage estimate and tf.memory() count them. */
export function formatBytes(b: number): string {
  if (b >= 2 ** 30) return `${(b / 2 ** 30).toFixed(2)} GiB`;
  if (b >= 2 ** 20) return `${(b / 2 ** 20).toFixed(1)} MiB`;
  return `${(b / 2 ** 10).toFixed(1)} KiB`;
}
