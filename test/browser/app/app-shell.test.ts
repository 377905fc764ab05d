import { assert } from '@esm-bundle/chai';
import { codeNotebook, freshStore, mountApp, settle, unmountAll, until, view } from './appHarness.ts';
import { defaultNotebook } from '../../../cells/shell/default-notebook.ts';
import { chooseBackend } from '../../../src/backend/backendChoice.ts';
import { validateNotebook } from '../../../src/notebook/notebookDocument.ts';
import { parseViewFlags } from '../../../src/notebook/viewFlags.ts';
import { registeredCellKinds } from '../../../cells/shell/registry.ts';
import { markdownReady, renderMarkdown } from '../../../cells/kinds/markdown.ts';

// Every cell module, as the app's entry point registers them.
import '../../../cells/shell/all-kinds.ts';

const nextFrame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));

describe('app shell', () => {
  before(() => markdownReady);
  afterEach(unmountAll);

  it('the default notebook is valid notebook data and every cell kind in it has a registered view', () => {
    const nb = validateNotebook(defaultNotebook());
    const kinds = new Set(registeredCellKinds().map((k) => k.kind));
    for (const cell of nb.cells) assert.isTrue(kinds.has(cell.kind), `no view for ${cell.kind}`);
  });

  it('renders every cell of the notebook with its data-cell-kind, in order, each in a numbered frame', async () => {
    const app = await mountApp();
    const frames = [...view(app).shadowRoot!.querySelectorAll('t5-cell-frame')];
    const kinds = frames.map((f) => f.querySelector('[data-cell-kind]')?.getAttribute('data-cell-kind'));
    assert.deepEqual(
      kinds,
      defaultNotebook().cells.map((c) => c.kind),
    );
    assert.deepEqual(
      frames.map((f) => (f as unknown as { index: number }).index),
      defaultNotebook().cells.map((_, i) => i + 1),
    );
  });

  it('shows why a forced backend was not used', async () => {
    const app = await mountApp();
    app.backend = chooseBackend(
      [
        { name: 'webgpu', usable: false, reason: 'no WebGPU adapter (no GPU, or WebGPU disabled)' },
        { name: 'wasm', usable: true },
      ],
      'webgpu',
    );
    await app.updateComplete;
    const notice = app.shadowRoot!.querySelector('[data-notice="backend-fallback"]');
    assert.include(notice?.textContent ?? '', 'webgpu was requested but cannot be used: no WebGPU adapter');
    assert.include(notice?.textContent ?? '', 'Running on wasm instead');
    const badge = app.shadowRoot!.querySelector('t5-backend-badge')!;
    await (badge as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    assert.equal(badge.shadowRoot!.querySelector('[data-backend]')?.getAttribute('data-backend'), 'wasm');
  });

  it('the buckets cell redraws its figures when num_buckets changes and names a bad value', async () => {
    const app = await mountApp();
    const cell = view(app).cellElement('buckets')!;
    await cell.updateComplete;
    await nextFrame();
    const legendBefore = cell.shadowRoot!.querySelector('figure[data-figure="bucket-curve"] [aria-label]')?.getAttribute('aria-label');
    assert.include(legendBefore, '32 buckets');
    const input = cell.shadowRoot!.querySelector('input[name="numBuckets"]') as HTMLInputElement;
    input.value = '16';
    input.dispatchEvent(new Event('change'));
    await cell.updateComplete;
    await nextFrame();
    await cell.updateComplete;
    assert.include(
      cell.shadowRoot!.querySelector('figure[data-figure="bucket-curve"] [aria-label]')?.getAttribute('aria-label'),
      '16 buckets',
    );
    assert.equal(app.notebook!.cells.find((c) => c.id === 'buckets')!.params.numBuckets, 16, 'the edit reached the notebook');
    input.value = '7';
    input.dispatchEvent(new Event('change'));
    await cell.updateComplete;
    await nextFrame();
    await cell.updateComplete;
    assert.match(cell.shadowRoot!.textContent ?? '', /numBuckets must be even/);
  });

  it('markdown renders math as MathML and is sanitized after it: scripts, handlers and javascript: URLs are inert', async () => {
    const html = renderMarkdown(
      '# hi\n\nEnergy $E = mc^2$\n\n$$\\sum_i x_i$$\n\n<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>[a](javascript:alert(1))\n\n$\\href{javascript:alert(3)}{click}$',
    );
    const parsed = document.createElement('template');
    parsed.innerHTML = html;
    const attributes = [...parsed.content.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => `${a.name}=${a.value}`));
    assert.isEmpty(
      attributes.filter((a) => /^on|javascript:/i.test(a)),
      'no handlers, no javascript: URLs',
    );
    assert.isNull(parsed.content.querySelector('script'));
    assert.include(html, '<h1>hi</h1>');
    assert.match(html, /<math[^>]*><semantics><mrow><mi>E<\/mi>/);
    assert.include(html, '<annotation encoding="application/x-tex">E = mc^2</annotation>');
    assert.match(html, /<math[^>]*display="block"/);
    const app = await mountApp({
      notebook: {
        ...defaultNotebook(),
        cells: [{ id: 'm', kind: 'markdown', params: { source: '<img src=x onerror="window.__xss=1">\n\n$a^2$' } }],
      },
    });
    const md = view(app).cellElement('m')!;
    await md.updateComplete;
    await settle(50);
    assert.ok(md.shadowRoot!.querySelector('math'));
    assert.isNull(md.shadowRoot!.querySelector('img')?.getAttribute('onerror') ?? null);
    assert.isUndefined((window as unknown as { __xss?: number }).__xss);
  });

  it('?hide=controls,code and ?present=1 hide the controls, the sources and the cell toolbars', async () => {
    const flags = parseViewFlags('?hide=controls,code,bogus&present=1');
    assert.deepEqual([...flags.hide].sort(), ['code', 'controls', 'toolbar']);
    assert.match(flags.warnings[0], /\?hide=bogus is not something t5lab can hide/);
    const doc = {
      ...codeNotebook({ x: 'x = 6 * 7' }),
      cells: [...codeNotebook({ x: 'x = 6 * 7' }).cells, ...defaultNotebook().cells.filter((c) => c.kind === 'buckets')],
    };
    const app = await mountApp({ notebook: doc, flags });
    assert.isTrue(app.hasAttribute('present'));
    await until(app, 'x', (s) => s.status === 'ok');
    const code = view(app).cellElement('x')!;
    await code.updateComplete;
    assert.isNull(code.shadowRoot!.querySelector('t5-code-editor'), 'no source');
    assert.include(code.shadowRoot!.querySelector('.out')!.textContent, '42', 'the value stays');
    const buckets = view(app).cellElement('buckets')!;
    await buckets.updateComplete;
    assert.equal(getComputedStyle(buckets.shadowRoot!.querySelector('.controls')!).display, 'none');
    const frame = view(app).shadowRoot!.querySelector('t5-cell-frame')!;
    assert.isTrue(frame.hasAttribute('hide-toolbar'));
    assert.equal(getComputedStyle(frame.shadowRoot!.querySelector('.tools')!).display, 'none');
    assert.match(app.shadowRoot!.textContent ?? '', /\?hide=bogus is not something t5lab can hide/);
  });

  it('"export all figures" in the notebook menu zips every figure of the notebook', async () => {
    const { session } = await freshStore('t5lab-test-app-shell');
    const s = session();
    const app = await mountApp({ session: s });
    await s.start();
    await app.updateComplete;
    const cell = view(app).cellElement('buckets')!;
    await cell.updateComplete;
    await nextFrame();
    const menu = app.shadowRoot!.querySelector('t5-notebook-menu')!;
    menu.dispatchEvent(new CustomEvent('notebook-menu', { detail: { action: 'figures' }, bubbles: true, composed: true }));
    let text = '';
    for (let i = 0; i < 200 && !/Exported/.test(text); i++) {
      await settle(25);
      text = app.shadowRoot!.querySelector('[data-banner="message"]')?.textContent ?? '';
    }
    const figures = cell.shadowRoot!.querySelectorAll('figure[data-figure]').length;
    assert.isAbove(figures, 0);
    assert.match(text, new RegExp(`Exported \\d+ figures? to a-tour-of-t5-figures\\.zip`));
  });
});
