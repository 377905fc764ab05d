import { svg, html, nothing, type TemplateResult } from 'lit';
import type { T5Config } from '../../src/model/config.ts';
import { modelDiagram, type DiagramNode } from '../../src/plots/modelDiagram.ts';
import { FIGURE_FONT, PALETTE } from '../../src/plots/theme.ts';

/**
 * Draws the layout of src/plots/modelDiagram.ts as an SVG (the model cell's figure). Plain SVG
 * with inline styles, so the figure exports as stand-alone SVG like the Plot figures.
 */

const FILL: Record<string, string> = {
  embedding: '#eef1f4',
  block: '#fafbfc',
  self: '#e3f0f9',
  cross: '#f6e6f0',
  ff: '#e2f3ec',
  norm: '#f3f4f6',
  head: '#fdf0dc',
  ellipsis: 'none',
  title: 'none',
};
const STROKE: Record<string, string> = {
  embedding: '#9aa1aa',
  block: '#c9ced5',
  self: PALETTE[0],
  cross: PALETTE[3],
  ff: PALETTE[2],
  norm: '#b5bac1',
  head: PALETTE[1],
  ellipsis: 'none',
  title: 'none',
};

function node(n: DiagramNode): TemplateResult {
  if (n.kind === 'title') {
    return svg`<text x=${n.x + n.w / 2} y=${n.y + 12} text-anchor="middle" font-weight="600" font-size="13" fill="#1a1a1a">${n.label}</text>`;
  }
  if (n.kind === 'ellipsis') {
    return svg`<text x=${n.x + n.w / 2} y=${n.y + 15} text-anchor="middle" font-size="11.5" fill="#666">${n.label}</text>`;
  }
  const isBlock = n.kind === 'block';
  const stroke = n.ownsBias ? PALETTE[5] : STROKE[n.kind];
  const rect = svg`<rect x=${n.x} y=${n.y} width=${n.w} height=${n.h} rx=${isBlock ? 6 : 4} fill=${FILL[n.kind]} stroke=${stroke}
    stroke-width=${n.ownsBias ? 1.75 : 1} data-node=${n.kind} data-owns-bias=${n.ownsBias ? 'true' : nothing}></rect>`;
  if (isBlock) return svg`${rect}<text x=${n.x + 6} y=${n.y + 11} font-size="10" fill="#6b7280">${n.label}</text>`;
  const oneLine = !n.detail;
  return svg`${rect}
    <text x=${n.x + n.w / 2} y=${n.y + (oneLine ? n.h / 2 + 4 : 13)} text-anchor="middle" font-size="11.5" fill="#1a1a1a">${n.label}</text>
    ${n.detail ? svg`<text x=${n.x + n.w / 2} y=${n.y + 26} text-anchor="middle" font-size="10.5" fill=${n.ownsBias ? PALETTE[5] : '#555'}>${n.detail}</text>` : nothing}`;
}

/** The diagram of `config` as an `<svg>` with an ARIA label describing it. */
export function modelDiagramSvg(config: T5Config): TemplateResult {
  const d = modelDiagram(config);
  const label =
    `Diagram of a T5 encoder with ${config.numLayers} and decoder with ${config.numDecoderLayers} blocks; ` +
    `each stack's relative-bias table lives in block 0; ${config.tieWordEmbeddings ? 'tied' : 'untied'} output layer`;
  return html`<svg
    xmlns="http://www.w3.org/2000/svg"
    role="img"
    aria-label=${label}
    width=${d.width}
    height=${d.height}
    viewBox="0 0 ${d.width} ${d.height}"
    style="max-width:100%;height:auto;font-family:${FIGURE_FONT};background:white"
  >
    <defs>
      <marker id="t5-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
        <path d="M0,0 L8,4 L0,8 z" fill="#8a9099"></path>
      </marker>
    </defs>
    ${d.edges.map(
      (e) => svg`<polyline points=${e.points.map((p) => p.join(',')).join(' ')} fill="none" stroke="#8a9099" stroke-width="1.2"
      marker-end=${e.arrow ? 'url(#t5-arrow)' : nothing}></polyline>`,
    )}
    ${d.nodes.map(node)}
  </svg>`;
}
