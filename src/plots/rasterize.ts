/**
 * A stand-alone SVG as a PNG: drawn by the browser's own SVG renderer (an `<img>` of the SVG)
 * onto a canvas `scale` times its size, so 2× and 3× exports are sharp rather than upscaled.
 * DOM only through parameters (the document that creates the image and the canvas).
 */
import type { StandaloneSvg } from './standaloneSvg.ts';
import { positiveNumber } from '../validation/checks.ts';

export async function svgToPng(svg: Pick<StandaloneSvg, 'text' | 'width' | 'height'>, scale: number, doc: Document): Promise<Blob> {
  positiveNumber(scale, 'PNG scale');
  // A blob: URL is same-origin, so the canvas stays untainted (and cross-origin isolation is fine).
  const url = URL.createObjectURL(new Blob([svg.text], { type: 'image/svg+xml' }));
  try {
    const image = doc.createElement('img');
    image.width = svg.width;
    image.height = svg.height;
    image.src = url;
    await image.decode();
    const canvas = doc.createElement('canvas');
    canvas.width = Math.round(svg.width * scale);
    canvas.height = Math.round(svg.height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas context to rasterise the figure');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('canvas.toBlob produced no PNG'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
