/**
 * Where things are on a drawn Plot figure, for pointer interaction (the attention cell's hover
 * and click on its maps): the band a value covers on a band scale, the value under a position,
 * the plot's own SVG, and a pointer event in the plot's SVG units. DOM at call time only.
 */

type ScaleName = 'x' | 'y' | 'fx' | 'fy';

/** The band a domain value covers on one band scale of a plot, in the plot's SVG units. */
export function bandOf(plot: Element, scaleName: ScaleName, value: number): { start: number; size: number } | undefined {
  const scale = (plot as unknown as { scale?: (n: string) => { apply(v: number): number; bandwidth?: number } | undefined }).scale?.(
    scaleName,
  );
  if (!scale || scale.bandwidth === undefined) return undefined;
  const start = scale.apply(value);
  return start === undefined || Number.isNaN(start) ? undefined : { start, size: scale.bandwidth };
}

/** Which of the values 0 … count−1 a position (SVG units) falls on along a band scale; −1 if none. */
export function indexAt(plot: Element, scaleName: ScaleName, position: number, count: number): number {
  for (let i = 0; i < count; i++) {
    const band = bandOf(plot, scaleName, i);
    if (band && position >= band.start && position < band.start + band.size) return i;
  }
  return -1;
}

/** The plot's own SVG (a plot with a legend is a <figure> holding the legend's SVG first). */
export function mainSvg(plot: Element): SVGSVGElement | undefined {
  if (plot instanceof SVGSVGElement) return plot;
  return [...plot.children].filter((c): c is SVGSVGElement => c instanceof SVGSVGElement).at(-1);
}

/** A pointer event's position in the SVG units of `plot` (which may be drawn scaled). */
export function svgPoint(plot: Element, event: PointerEvent): { x: number; y: number } | undefined {
  const svgEl = mainSvg(plot);
  const ctm = svgEl?.getScreenCTM();
  if (!svgEl || !ctm) return undefined;
  const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(ctm.inverse());
  return { x: p.x, y: p.y };
}
