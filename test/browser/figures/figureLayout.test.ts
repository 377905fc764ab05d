import { assert } from '@esm-bundle/chai';
import { html, render, type TemplateResult } from 'lit';
import { ScalingCell, type ScalingView } from '../../../cells/kinds/scaling.ts';
import { runsLossFigure } from '../../../src/figures/runsLoss.ts';
import { learningRateFigure } from '../../../src/figures/learningRate.ts';
import type { RunRecord } from '../../../src/runs/runRecord.ts';
import { fixedRuns, syntheticHistory } from './goldenFigures.ts';
import { bucketsFigure, mountBucketsCell } from './bucketsCellFixture.ts';

type Box = { left: number; right: number; top: number; bottom: number };
const boxOf = (e: Element): Box => e.getBoundingClientRect();
const overlaps = (a: Box, b: Box, slack = 0.5) => a.left < b.right - slack && b.left < a.right - slack && a.top < b.bottom - slack && b.top < a.bottom - slack;
const inside = (a: Box, b: Box, slack = 1) => a.left >= b.left - slack && a.right <= b.right + slack && a.top >= b.top - slack && a.bottom <= b.bottom + slack;

/** Every visible text of the first plot SVG in `root` (tick labels, axis labels, mark labels). */
function texts(root: Element): SVGTextElement[] {
  const svg = root.querySelector('svg[class*="plot"]') ?? root.querySelector('svg')!;
  return [...svg.querySelectorAll('text')].filter((t) => (t.textContent ?? '').trim() !== '' && t.getBoundingClientRect().width > 0);
}

/** The pairs of texts whose boxes overlap, as readable strings. */
function overlappingTexts(root: Element): string[] {
  const all = texts(root);
  const out: string[] = [];
  for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) {
    // A multi-line text's tspans share the text's box; nested texts are not separate labels.
    if (all[i].contains(all[j]) || all[j].contains(all[i])) continue;
    // Text boxes are em boxes (ascent + descent): 3 px of slack, glyphs do not touch there.
    if (overlaps(boxOf(all[i]), boxOf(all[j]), 3)) out.push(`"${all[i].textContent}" × "${all[j].textContent}"`);
  }
  return out;
}

async function mount(template: TemplateResult): Promise<{ host: HTMLElement; remove: () => void }> {
  const host = document.createElement('div');
  host.style.font = '13px/1.5 system-ui, sans-serif';
  host.style.width = '1000px';
  document.body.append(host);
  render(template, host);
  await new Promise((r) => requestAnimationFrame(r));
  return { host, remove: () => { render(null, host); host.remove(); } };
}

const scalingFigure = (ScalingCell.prototype as unknown as { figure(v: ScalingView, axis: 'params' | 'flops', label: string, caption: string): TemplateResult }).figure;
/** The runs cell's overlay as the cell shows it: runsLossFigure in a figure[data-figure="runs-loss"]. */
const runsCurves = (options: { smoothing: number; logY: boolean }, runs: RunRecord[]) =>
  html`<figure data-figure="runs-loss">${runsLossFigure(runs, options)}</figure>`;

/** Table 13's strategies: four of the five share 4× the baseline's FLOPs, with long labels. */
function fourTimesView(flops: (i: number) => number): ScalingView {
  const labels = ['Baseline', '1× size, 4× training steps', '1× size, 4× batch size', '2× size, 2× training steps', '4× size, 1× training steps', '4× ensembled'];
  const points = labels.map((label, i) => ({ key: `s${i}`, label, params: 2e5 * (i === 3 ? 2 : i === 4 ? 4 : 1), flops: flops(i), tokens: 5e5, loss: 2 + 0.01 * i, members: i === 5 ? 4 : 1, runIds: [`r${i}`] }));
  return { sweep: 'four-x', points, fits: {}, seconds: 1 };
}

describe('figure layout: labels stay readable', () => {
  it('the Table 13 scaling figure has no overlapping labels and nothing runs off the figure', async () => {
    const { host, remove } = await mount(scalingFigure.call(null, fourTimesView((i) => (i === 0 ? 1.75e8 : 7e8)), 'flops', 'training FLOPs C →', 'FLOPs'));
    try {
      const figure = host.querySelector('figure[data-figure="scaling-loss-vs-flops"]')!;
      assert.equal(overlappingTexts(figure).join('; '), '');
      const svg = figure.querySelector('svg[class*="plot"]') ?? figure.querySelector('svg')!;
      for (const t of texts(figure)) assert.isTrue(inside(boxOf(t), boxOf(svg)), `"${t.textContent}" is clipped by the figure`);
      // Every strategy is still named: in the legend.
      for (const label of ['Baseline', '1× size, 4× training steps', '4× ensembled']) assert.include(figure.textContent, label);
    } finally {
      remove();
    }
  });

  it('x ticks of FLOPs from 7e8 to 8e8 do not collide and read as SI numbers', async () => {
    const { host, remove } = await mount(scalingFigure.call(null, fourTimesView((i) => 7e8 + i * 2e7), 'flops', 'training FLOPs C →', 'FLOPs'));
    try {
      const figure = host.querySelector('figure')!;
      assert.equal(overlappingTexts(figure).join('; '), '');
      const ticks = texts(figure).map((t) => t.textContent ?? '').filter((t) => /M$/.test(t));
      assert.isAtLeast(ticks.length, 2, `SI ticks: ${ticks.join(' ')}`);
      assert.notInclude(figure.querySelector('svg')!.textContent, 'e+');
    } finally {
      remove();
    }
  });

  it('the runs chart on a log y axis labels its ticks', async () => {
    const { host, remove } = await mount(runsCurves({ smoothing: 0.6, logY: true }, fixedRuns()));
    try {
      const figure = host.querySelector('figure[data-figure="runs-loss"]')!;
      const numbers = texts(figure).map((t) => t.textContent ?? '').filter((t) => /^\d+(\.\d+)?$/.test(t)).map(Number);
      // The losses lie between 2 and 7: y ticks there, beside the x ticks (steps ≥ 50).
      assert.isAtLeast(numbers.filter((n) => n >= 2 && n <= 7).length, 2, `ticks: ${numbers.join(' ')}`);
      assert.equal(overlappingTexts(figure).join('; '), '');
    } finally {
      remove();
    }
  });

  it('the runs chart on a log y axis labels the ticks of a nearly flat loss (6.93 to 6.95), each differently', async () => {
    const flat = fixedRuns().map((r, k) => ({ ...r, history: r.history.map((h, i) => ({ ...h, loss: 6.93 + 0.02 * ((i * 7 + k * 3) % 10) / 9 })) }));
    const { host, remove } = await mount(runsCurves({ smoothing: 0, logY: true }, flat));
    try {
      const figure = host.querySelector('figure[data-figure="runs-loss"]')!;
      const yTicks = [...figure.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => t.textContent ?? '').filter((t) => t.trim() !== '');
      assert.isAtLeast(yTicks.length, 2, `y ticks: ${yTicks.join(' ')}`);
      assert.equal(new Set(yTicks).size, yTicks.length, `y ticks: ${yTicks.join(' ')}`);
      assert.isTrue(yTicks.every((t) => Number(t) >= 6.93 && Number(t) <= 6.95), `y ticks: ${yTicks.join(' ')}`);
    } finally {
      remove();
    }
  });

  it('"↑ learning rate" does not sit on a tick label', async () => {
    const { host, remove } = await mount(html`<figure>${learningRateFigure(syntheticHistory(), { name: 'layout' })}</figure>`);
    try {
      assert.equal(overlappingTexts(host.querySelector('figure')!).join('; '), '');
    } finally {
      remove();
    }
  });

  it('the "causal: N" label of the buckets curve does not cross a dashed line', async () => {
    const mounted = await mountBucketsCell();
    try {
      const figure = bucketsFigure(mounted.cell, 'bucket-curve');
      const label = texts(figure).find((t) => /^causal: \d+$/.test(t.textContent ?? ''));
      assert.ok(label, 'the causal saturation label is drawn');
      const box = boxOf(label!);
      const dashed = [...figure.querySelectorAll('line, path')].filter((l) => (l.getAttribute('stroke-dasharray') ?? l.parentElement?.getAttribute('stroke-dasharray')) === '3,3');
      assert.isAtLeast(dashed.length, 3, 'the three saturation lines');
      for (const line of dashed) {
        const r = line.getBoundingClientRect();
        const x = (r.left + r.right) / 2;
        assert.isFalse(x > box.left && x < box.right && r.top < box.bottom && r.bottom > box.top, `a dashed line at x=${x} crosses "${label!.textContent}" (${box.left}–${box.right})`);
      }
      assert.equal(overlappingTexts(figure).join('; '), '');
    } finally {
      mounted.remove();
    }
  });
});
