import { assert } from '@esm-bundle/chai';
import type { FigureExportedDetail, FigureToolbar } from '../../../cells/widgets/figure-toolbar.ts';
import { bucketsFigure, mountBucketsCell } from './bucketsCellFixture.ts';

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));

function key(target: Element, key: string) {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
}

describe('<t5-figure-toolbar>', () => {
  let mounted: Awaited<ReturnType<typeof mountBucketsCell>>;
  let toolbar: FigureToolbar;
  let figure: Element;
  const trigger = () => toolbar.shadowRoot!.querySelector<HTMLButtonElement>('.trigger')!;
  const focused = () => toolbar.shadowRoot!.activeElement as HTMLElement | null;

  beforeEach(async () => {
    mounted = await mountBucketsCell();
    figure = bucketsFigure(mounted.cell, 'bucket-curve');
    toolbar = figure.querySelector('t5-figure-toolbar') as FigureToolbar;
    await toolbar.updateComplete;
  });
  afterEach(() => mounted.remove());

  it('sits in both buckets figures with an accessible name naming its figure', () => {
    for (const name of ['bucket-curve', 'bucket-grid']) {
      const bar = bucketsFigure(mounted.cell, name).querySelector('t5-figure-toolbar')!;
      const button = bar.shadowRoot!.querySelector('.trigger')!;
      assert.equal(button.getAttribute('aria-label'), `Export figure ${name}`);
      assert.equal(button.getAttribute('aria-haspopup'), 'menu');
      assert.equal(button.getAttribute('aria-expanded'), 'false');
    }
  });

  it('is invisible until the figure is hovered or focused', async () => {
    assert.equal(getComputedStyle(toolbar).opacity, '0');
    figure.dispatchEvent(new PointerEvent('pointerenter'));
    await toolbar.updateComplete;
    assert.isTrue(toolbar.hasAttribute('active'));
    figure.dispatchEvent(new PointerEvent('pointerleave'));
    await toolbar.updateComplete;
    assert.isFalse(toolbar.hasAttribute('active'));
    trigger().focus();
    await toolbar.updateComplete;
    assert.isTrue(toolbar.matches(':focus-within'));
    assert.isTrue(toolbar.hasAttribute('active'));
  });

  it('opens its menu from the keyboard with every format, each with an aria-label, focus on the first item', async () => {
    trigger().focus();
    key(trigger(), 'ArrowDown');
    await toolbar.updateComplete;
    await nextFrame();
    assert.equal(trigger().getAttribute('aria-expanded'), 'true');
    const items = [...toolbar.shadowRoot!.querySelectorAll('[role="menu"] [role="menuitem"]')];
    assert.deepEqual(items.map((i) => i.textContent?.trim()), ['SVG', 'PNG 1×', 'PNG 2×', 'PNG 3×', 'CSV', 'JSON']);
    assert.deepEqual(items.map((i) => i.getAttribute('aria-label')), [
      'Download bucket-curve as SVG', 'Download bucket-curve as PNG 1×', 'Download bucket-curve as PNG 2×',
      'Download bucket-curve as PNG 3×', 'Download bucket-curve as CSV', 'Download bucket-curve as JSON',
    ]);
    assert.equal(focused()?.textContent?.trim(), 'SVG');
  });

  it('moves through the menu with arrows, Home and End, wrapping, and Escape returns focus to the button', async () => {
    trigger().focus();
    key(trigger(), 'ArrowDown');
    await toolbar.updateComplete;
    const menu = toolbar.shadowRoot!.querySelector('[role="menu"]')!;
    key(focused()!, 'ArrowDown');
    assert.equal(focused()?.textContent?.trim(), 'PNG 1×');
    key(focused()!, 'End');
    assert.equal(focused()?.textContent?.trim(), 'JSON');
    key(focused()!, 'ArrowDown');
    assert.equal(focused()?.textContent?.trim(), 'SVG');
    key(focused()!, 'ArrowUp');
    assert.equal(focused()?.textContent?.trim(), 'JSON');
    key(focused()!, 'Home');
    assert.equal(focused()?.textContent?.trim(), 'SVG');
    key(menu.querySelector('[role="menuitem"]')!, 'Escape');
    await toolbar.updateComplete;
    assert.isNull(toolbar.shadowRoot!.querySelector('[role="menu"]'));
    assert.equal(focused(), trigger());
  });

  it('exports the chosen format and announces the file name', async () => {
    const exported: FigureExportedDetail[] = [];
    mounted.cell.addEventListener('figure-exported', (e) => exported.push((e as CustomEvent<FigureExportedDetail>).detail));
    trigger().click();
    await toolbar.updateComplete;
    const csv = toolbar.shadowRoot!.querySelector<HTMLButtonElement>('[data-export="csv"]')!;
    csv.click();
    await new Promise((resolve) => mounted.cell.addEventListener('figure-exported', resolve, { once: true }));
    const png = await toolbar.export('png-3x');
    assert.deepEqual(exported.map((e) => e.filename), ['bucket-curve.csv', 'bucket-curve@3x.png']);
    assert.isTrue((await exported[0].blob.text()).startsWith('relative,bucket,direction\r\n'));
    assert.equal(png?.blob.type, 'image/png');
    await toolbar.updateComplete;
    assert.equal(toolbar.shadowRoot!.querySelector('[role="status"]')?.textContent?.trim(), 'Saved bucket-curve@3x.png');
  });

  it('marks CSV and JSON unavailable in a figure that registered no data', async () => {
    const bare = document.createElement('figure');
    bare.setAttribute('data-figure', 'bare');
    bare.innerHTML = '<svg width="10" height="10" aria-label="bare"></svg><t5-figure-toolbar></t5-figure-toolbar>';
    document.body.append(bare);
    try {
      const bar = bare.querySelector('t5-figure-toolbar') as FigureToolbar;
      await bar.updateComplete;
      bar.shadowRoot!.querySelector<HTMLButtonElement>('.trigger')!.click();
      await bar.updateComplete;
      const csv = bar.shadowRoot!.querySelector('[data-export="csv"]')!;
      assert.equal(csv.getAttribute('aria-disabled'), 'true');
      assert.isUndefined(await bar.export('csv'));
      assert.equal(bar.shadowRoot!.querySelector('[data-export="svg"]')!.getAttribute('aria-disabled'), 'false');
    } finally {
      bare.remove();
    }
  });
});
