/**
 * Saves a Blob as a file through the browser's download UI: an object URL on a temporary
 * `<a download>` that is clicked and removed. DOM only through parameters.
 */
export function downloadBlob(blob: Blob, filename: string, doc: Document): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  doc.body.append(link);
  link.click();
  link.remove();
  // Revoking right after click() can cancel the download in some browsers; a minute is plenty.
  const view = doc.defaultView;
  if (view) view.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  else URL.revokeObjectURL(url);
}
