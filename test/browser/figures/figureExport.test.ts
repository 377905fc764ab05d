import { assert } from '@esm-bundle/chai';
import * as Plot from '@observablehq/plot';
import { unzipSync, strFromU8 } from 'fflate';
import { downloadAllFigures, exportAllFigures, figureCsv, figureData, figureJson, figurePng, findFigures, setFigureData, standaloneSvg } from '../../../src/plots/figureExport.ts';
import { toCsv } from '../../../src/plots/figureData.ts';
import { PALETTE } from '../../../src/plots/theme.ts';
import { fixedWidthMeasure } from './goldenFigures.ts';
import { bucketsFigure, mountBucketsCell } from './bucketsCellFixture.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

function parseSvg(text: string): Document {
  return new DOMParser().parseFromString(text, 'image/svg+xml');
}

async function imageOf(blob: Blob): Promise<ImageBitmap> {
  return createImageBitmap(blob);
}

/** RGBA of one pixel of a PNG blob. */
async function pixel(blob: Blob, x: number, y: number): Promise<number[]> {
  const bitmap = await imageOf(blob);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  return [...context.getImageData(x, y, 1, 1).data];
}

function hexRgb(hex: string): number[] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

describe('stand-alone SVG export', () => {
  let mounted: Awaited<ReturnType<typeof mountBucketsCell>>;
  before(async () => {
    mounted = await mountBucketsCell();
  });
  after(() => mounted.remove());

  for (const name of ['bucket-curve', 'bucket-grid']) {
    it(`${name}: parses as XML with an <svg> root in the SVG namespace, with width, height and viewBox`, () => {
      const { text, width, height } = standaloneSvg(bucketsFigure(mounted.cell, name));
      const doc = parseSvg(text);
      assert.isNull(doc.querySelector('parsererror'), text.slice(0, 200));
      const root = doc.documentElement;
      assert.equal(root.namespaceURI, SVG_NS);
      assert.equal(root.localName, 'svg');
      assert.equal(root.getAttribute('width'), String(width));
      assert.equal(root.getAttribute('height'), String(height));
      assert.equal(root.getAttribute('viewBox'), `0 0 ${width} ${height}`);
      assert.isAbove(width, 200);
      assert.isAbove(height, 200);
    });

    it(`${name}: holds no external references and no <foreignObject> (it must work as a lone file)`, () => {
      const doc = parseSvg(standaloneSvg(bucketsFigure(mounted.cell, name)).text);
      assert.lengthOf(doc.getElementsByTagNameNS(SVG_NS, 'foreignObject'), 0);
      for (const element of doc.querySelectorAll('*')) {
        for (const attr of element.attributes) {
          if (attr.localName === 'href') assert.match(attr.value, /^(#|data:)/, `${element.localName} ${attr.name}`);
          assert.notMatch(attr.value, /url\(\s*['"]?(https?:|\/\/)/, `${element.localName} ${attr.name}`);
        }
      }
      for (const style of doc.querySelectorAll('style')) assert.notMatch(style.textContent ?? '', /@import|url\(/);
    });

    it(`${name}: every url(#id) and href="#id" points at an element of the file`, () => {
      const doc = parseSvg(standaloneSvg(bucketsFigure(mounted.cell, name)).text);
      for (const element of doc.querySelectorAll('*')) {
        for (const attr of element.attributes) {
          const ref = /url\(#([^)]+)\)/.exec(attr.value)?.[1] ?? (attr.localName === 'href' && attr.value.startsWith('#') ? attr.value.slice(1) : null);
          if (ref) assert.isNotNull(doc.getElementById(ref), `${attr.name}=${attr.value}`);
        }
      }
    });

    it(`${name}: has a white background, a <title> from the plot's aria-label and states its fonts`, () => {
      const figure = bucketsFigure(mounted.cell, name);
      const ariaLabel = figure.querySelector('svg[aria-label]')?.getAttribute('aria-label');
      assert.isString(ariaLabel);
      assert.isNotEmpty(ariaLabel);
      const doc = parseSvg(standaloneSvg(figure).text);
      const root = doc.documentElement;
      assert.equal(root.querySelector(':scope > title')?.textContent, ariaLabel);
      const background = root.querySelector(':scope > rect');
      assert.equal(background?.getAttribute('fill'), 'white');
      assert.equal(background?.getAttribute('width'), root.getAttribute('width'));
      const plot = root.querySelector('g.plot-d6a7b5');
      assert.include(plot?.getAttribute('font-family') ?? '', 'Inter');
      assert.equal(plot?.getAttribute('font-size'), '12px');
      assert.equal(plot?.getAttribute('color'), 'rgb(26, 26, 26)');
    });
  }

  it('re-draws the swatch legend of the curve as SVG swatches and text, in the palette colours', () => {
    const doc = parseSvg(standaloneSvg(bucketsFigure(mounted.cell, 'bucket-curve')).text);
    const texts = [...doc.querySelectorAll('text')].map((t) => t.textContent);
    assert.include(texts, 'encoder (bidirectional)');
    assert.include(texts, 'decoder (causal)');
    const swatchFills = [...doc.querySelectorAll('svg > g > svg')].map((s) => s.getAttribute('fill'));
    assert.deepEqual(swatchFills, [PALETTE[0], PALETTE[1]]);
  });

  it('composes the ramp legend of the grid: its label, ticks and gradient image', () => {
    const doc = parseSvg(standaloneSvg(bucketsFigure(mounted.cell, 'bucket-grid')).text);
    const ramp = doc.querySelector('g.plot-d6a7b5-ramp');
    assert.isNotNull(ramp);
    const texts = [...ramp!.querySelectorAll('text')].map((t) => t.textContent);
    assert.includeMembers(texts, ['bucket', '0', '10', '20', '30']);
    assert.match(ramp!.querySelector('image')?.getAttributeNS('http://www.w3.org/1999/xlink', 'href') ?? '', /^data:image\/png;base64,/);
  });

  it('leaves page UI out: the export toolbar inside the figure is not in the SVG', () => {
    const figure = bucketsFigure(mounted.cell, 'bucket-curve');
    assert.isNotNull(figure.querySelector('t5-figure-toolbar'));
    assert.notInclude(standaloneSvg(figure).text, 'Export');
  });

  it('adds the caption, wrapped to the plot width, only when asked', () => {
    const figure = bucketsFigure(mounted.cell, 'bucket-curve');
    const plain = parseSvg(standaloneSvg(figure, { measureText: fixedWidthMeasure }).text);
    const captioned = parseSvg(standaloneSvg(figure, { caption: true, measureText: fixedWidthMeasure }).text);
    const lines = [...captioned.querySelectorAll('tspan')].map((t) => t.textContent ?? '');
    assert.isAbove(lines.length, 1);
    assert.equal(lines.join(' '), figure.querySelector('figcaption')!.textContent!.replace(/\s+/g, ' ').trim());
    for (const line of lines) assert.isAtMost(fixedWidthMeasure(line, { family: '', size: 12, weight: '400', style: 'normal' }), 640);
    assert.isAbove(Number(captioned.documentElement.getAttribute('height')), Number(plain.documentElement.getAttribute('height')));
    assert.lengthOf(plain.querySelectorAll('tspan'), 0);
  });

  it('renumbers clip-path ids so two renders of a clipped plot export the same text', () => {
    const draw = () => {
      const figure = document.createElement('figure');
      figure.setAttribute('data-figure', 'clipped');
      figure.append(Plot.plot({ ariaLabel: 'clipped line', width: 200, height: 100, x: { domain: [0, 1] }, marks: [Plot.lineY([0, 5, 2, 9], { clip: true })] }));
      document.body.append(figure);
      const svg = standaloneSvg(figure).text;
      figure.remove();
      return svg;
    };
    const first = draw();
    const second = draw();
    assert.include(first, 'clip-path="url(#clipped-1)"');
    assert.include(first, 'id="clipped-1"');
    assert.equal(first, second);
  });

  it('refuses a figure without an <svg>, naming it', () => {
    const figure = document.createElement('figure');
    figure.setAttribute('data-figure', 'empty');
    document.body.append(figure);
    try {
      assert.throws(() => standaloneSvg(figure), /figure "empty" has no <svg>/);
    } finally {
      figure.remove();
    }
  });
});

describe('PNG export', () => {
  let mounted: Awaited<ReturnType<typeof mountBucketsCell>>;
  before(async () => {
    mounted = await mountBucketsCell();
  });
  after(() => mounted.remove());

  it('is a PNG whose pixel size is the SVG size times the scale (1×, 2×, 3×)', async () => {
    const figure = bucketsFigure(mounted.cell, 'bucket-grid');
    const { width, height } = standaloneSvg(figure);
    const sizes = [];
    for (const scale of [1, 2, 3]) {
      const blob = await figurePng(figure, scale);
      assert.equal(blob.type, 'image/png');
      const signature = new Uint8Array(await blob.slice(0, 8).arrayBuffer());
      assert.deepEqual([...signature], [137, 80, 78, 71, 13, 10, 26, 10]);
      const bitmap = await imageOf(blob);
      sizes.push([bitmap.width, bitmap.height]);
    }
    assert.deepEqual(sizes, [[width, height], [2 * width, 2 * height], [3 * width, 3 * height]]);
  });

  it('renders the drawing, not a blank image: white background and the first legend swatch in its colour', async () => {
    const figure = bucketsFigure(mounted.cell, 'bucket-curve');
    const svg = parseSvg(standaloneSvg(figure).text);
    const swatch = svg.querySelector('svg > g > svg')!;
    const legendShift = /translate\(([\d.]+) ([\d.]+)\)/.exec(swatch.parentElement!.getAttribute('transform')!)!;
    const x = Number(legendShift[1]) + Number(swatch.getAttribute('x')) + 7;
    const y = Number(legendShift[2]) + Number(swatch.getAttribute('y')) + 7;
    const png = await figurePng(figure, 2);
    assert.deepEqual((await pixel(png, 2 * x, 2 * y)).slice(0, 3), hexRgb(PALETTE[0]));
    assert.deepEqual(await pixel(png, 1, 1), [255, 255, 255, 255]);
  });

  it('rejects a scale that is not a positive number', async () => {
    const figure = bucketsFigure(mounted.cell, 'bucket-curve');
    let error: Error | undefined;
    await figurePng(figure, 0).catch((e: Error) => { error = e; });
    assert.match(error?.message ?? '', /scale must be a positive number/);
  });
});

describe('figure data registration and export all', () => {
  let mounted: Awaited<ReturnType<typeof mountBucketsCell>>;
  before(async () => {
    mounted = await mountBucketsCell();
  });
  after(() => mounted.remove());

  it('the buckets cell registers the rows its figures are drawn from', () => {
    const curve = figureData(bucketsFigure(mounted.cell, 'bucket-curve'))!;
    const grid = figureData(bucketsFigure(mounted.cell, 'bucket-grid'))!;
    assert.deepInclude(curve, { relative: 0, bucket: 0, direction: 'encoder (bidirectional)' });
    assert.lengthOf(grid, 40 * 40);
    assert.deepEqual(grid[1], { query: 0, key: 1, bucket: 17 });
    assert.isTrue(figureCsv(bucketsFigure(mounted.cell, 'bucket-grid')).startsWith('query,key,bucket\r\n0,0,0\r\n0,1,17\r\n'));
    assert.deepEqual(JSON.parse(figureJson(bucketsFigure(mounted.cell, 'bucket-curve'))), curve);
  });

  it('a figure without registered data has no CSV, and says so', () => {
    const figure = document.createElement('figure');
    figure.setAttribute('data-figure', 'no-data');
    assert.isUndefined(figureData(figure));
    assert.throws(() => figureCsv(figure), /"no-data" has no registered data/);
    setFigureData(figure, [{ a: 1 }]);
    assert.equal(figureCsv(figure), 'a\r\n1\r\n');
  });

  it('finds figures inside the shadow roots of cells, in document order', () => {
    const names = findFigures(document.body).map((f) => f.getAttribute('data-figure'));
    assert.deepEqual(names, ['bucket-curve', 'bucket-grid']);
  });

  it('zips every figure as name.svg, name@2x.png, name.csv and name.json, deduplicating names', async () => {
    const figures = findFigures(document.body);
    // A second figure with a name already taken, and no data: only its pictures are exported.
    const extra = document.createElement('figure');
    extra.setAttribute('data-figure', 'bucket-grid');
    extra.append(Plot.plot({ ariaLabel: 'dots', width: 120, height: 80, marks: [Plot.dot([1, 2, 3], { x: (d: number) => d })] }));
    document.body.append(extra);
    try {
      const zip = await exportAllFigures([...figures, extra]);
      assert.equal(zip.type, 'application/zip');
      const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
      assert.sameMembers(Object.keys(files), [
        'bucket-curve.svg', 'bucket-curve@2x.png', 'bucket-curve.csv', 'bucket-curve.json',
        'bucket-grid.svg', 'bucket-grid@2x.png', 'bucket-grid.csv', 'bucket-grid.json',
        'bucket-grid-2.svg', 'bucket-grid-2@2x.png',
      ]);
      assert.equal(strFromU8(files['bucket-grid.csv']), toCsv(figureData(figures[1])!));
      const svg = parseSvg(strFromU8(files['bucket-grid-2.svg']));
      assert.isNull(svg.querySelector('parsererror'));
      const png = await imageOf(new Blob([files['bucket-curve@2x.png']], { type: 'image/png' }));
      assert.equal(png.width, 2 * standaloneSvg(figures[0]).width);
    } finally {
      extra.remove();
    }
  });

  it('"export all" downloads one zip through a temporary <a download> with a blob: URL, then removes it', async () => {
    const clicked: { download: string; href: string }[] = [];
    const record = (e: Event) => {
      const a = e.target as HTMLAnchorElement;
      if (a.localName === 'a' && a.hasAttribute('download')) clicked.push({ download: a.download, href: a.href });
    };
    document.addEventListener('click', record, true);
    try {
      assert.equal(await downloadAllFigures(document.body, document), 2);
    } finally {
      document.removeEventListener('click', record, true);
    }
    assert.lengthOf(clicked, 1);
    assert.equal(clicked[0].download, 't5lab-figures.zip');
    assert.match(clicked[0].href, /^blob:/);
    assert.isNull(document.querySelector('a[download]'));
  });
});
