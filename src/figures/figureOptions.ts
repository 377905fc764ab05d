/**
 * What every figure function in `src/figures/` takes besides its data, and what it returns. The
 * functions are pure: data and options in, a fresh element out (Observable Plot's own test
 * figures are the model). They touch a document only when called, never at import time, so the
 * core stays loadable in Node; pass `document` to draw into another one (Plot.plot's own option).
 */

/** Options shared by every figure function. */
export interface FigureOptions {
  /** The document to create the elements in (default: the global `document`, read at call time). */
  document?: Document;
}

/** A drawn figure: Plot's SVG, or the `<figure>` Plot wraps around a legend and its SVG. */
export type FigureElement = SVGSVGElement | HTMLElement;
