import { assert } from '@esm-bundle/chai';
import '../../../cells/markdown-cell.ts';
import '../../../cells/buckets-cell.ts';
import '../../../cells/t5lab-app.ts';
import type { T5labApp } from '../../../cells/t5lab-app.ts';
import { defaultNotebook } from '../../../cells/default-notebook.ts';
import { chooseBackend } from '../../../src/backend/backendChoice.ts';
import { validateNotebook } from '../../../src/notebook/notebookDocument.ts';
import { registeredCellKinds } from '../../../cells/registry.ts';

async function mountApp(): Promise<T5labApp> {
  const app = document.createElement('t5lab-app') as T5labApp;
  app.notebook = defaultNotebook();
  document.body.append(app);
  await app.updateComplete;
  return app;
}

const nextFrame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));

describe('app shell', () => {
  afterEach(() => document.querySelectorAll('t5lab-app').forEach((e) => e.remove()));

  it('the default notebook is valid notebook data and every cell kind in it has a registered view', () => {
    const nb = validateNotebook(defaultNotebook());
    const kinds = new Set(registeredCellKinds().map((k) => k.kind));
    for (const cell of nb.cells) assert.isTrue(kinds.has(cell.kind), `no view for ${cell.kind}`);
  });

  it('renders every cell of the notebook with its data-cell-kind, in order', async () => {
    const app = await mountApp();
    const kinds = [...app.shadowRoot!.querySelectorAll('[data-cell-kind]')].map((e) => e.getAttribute('data-cell-kind'));
    assert.deepEqual(kinds, defaultNotebook().cells.map((c) => c.kind));
  });

  it('shows why a forced backend was not used', async () => {
    const app = await mountApp();
    app.backend = chooseBackend([{ name: 'webgpu', usable: false, reason: 'no WebGPU adapter (no GPU, or WebGPU disabled)' }, { name: 'wasm', usable: true }], 'webgpu');
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
    const cell = app.shadowRoot!.querySelector('[data-cell-kind="buckets"]') as HTMLElement & { updateComplete: Promise<unknown> };
    await cell.updateComplete;
    const legendBefore = cell.shadowRoot!.querySelector('figure[data-figure="bucket-curve"] [aria-label]')?.getAttribute('aria-label');
    assert.include(legendBefore, '32 buckets');
    const input = cell.shadowRoot!.querySelector('input[name="numBuckets"]') as HTMLInputElement;
    input.value = '16';
    input.dispatchEvent(new Event('change'));
    await cell.updateComplete;
    await nextFrame();
    assert.include(cell.shadowRoot!.querySelector('figure[data-figure="bucket-curve"] [aria-label]')?.getAttribute('aria-label'), '16 buckets');
    input.value = '7';
    input.dispatchEvent(new Event('change'));
    await cell.updateComplete;
    assert.match(cell.shadowRoot!.querySelector('[role="alert"]')?.textContent ?? '', /numBuckets must be even/);
    assert.isNull(cell.shadowRoot!.querySelector('figure'));
  });

  it('markdown cells render sanitized HTML: scripts and event handlers are inert', async () => {
    const { renderMarkdown } = await import('../../../cells/markdown-cell.ts');
    const html = renderMarkdown('# hi\n\n<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>[a](javascript:alert(1))');
    assert.notInclude(html, 'onerror');
    assert.notInclude(html, '<script');
    assert.notInclude(html, 'javascript:');
    assert.include(html, '<h1>hi</h1>');
  });
});
