import { assert } from '@esm-bundle/chai';
import '../../../cells/shell/toast.ts';
import type { Toast } from '../../../cells/shell/toast.ts';
import { freshStore, mountApp, settle, unmountAll } from './appHarness.ts';

const inViewport = (e: Element) => {
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
};

describe('feedback toast', () => {
  afterEach(() => {
    unmountAll();
    document.querySelectorAll('t5-toast').forEach((t) => t.remove());
    scrollTo(0, 0);
  });

  it('shows "Saved …" after an export in the viewport while the page is scrolled far down, as a polite live region', async () => {
    const { session } = await freshStore('t5lab-test-toast');
    const s = session();
    const app = await mountApp({ session: s });
    await s.start();
    await app.updateComplete;
    await settle(200);
    scrollTo(0, document.documentElement.scrollHeight);
    await settle(50);
    assert.isAbove(scrollY, 500, 'the tour is long enough to scroll');
    const menu = app.shadowRoot!.querySelector('t5-notebook-menu')!;
    menu.dispatchEvent(new CustomEvent('notebook-menu', { detail: { action: 'export' }, bubbles: true, composed: true }));
    const toast = app.shadowRoot!.querySelector('t5-toast[data-banner="message"]') as Toast;
    assert.ok(toast, 'the page has its toast');
    for (let i = 0; i < 100 && !/Saved/.test(toast.textContent ?? ''); i++) await settle(25);
    await toast.updateComplete;
    assert.match(toast.textContent ?? '', /Saved a-tour-of-t5\.t5lab\.json\./);
    assert.equal(toast.getAttribute('role'), 'status');
    assert.equal(toast.getAttribute('aria-live'), 'polite');
    assert.isTrue(
      inViewport(toast),
      `toast at ${JSON.stringify(toast.getBoundingClientRect())}, viewport ${innerWidth}×${innerHeight}, scrolled ${scrollY}`,
    );
    // The old top banner sat above the notebook: out of view at this scroll position.
    assert.isNull(app.shadowRoot!.querySelector('.banner[data-banner="message"]'));
  });

  it('hides itself after its duration, waits while hovered, and a × dismisses it at once', async () => {
    const toast = document.createElement('t5-toast') as Toast;
    let dismissed = 0;
    toast.addEventListener('toast-dismiss', () => {
      dismissed++;
      toast.message = '';
    });
    toast.duration = 80;
    toast.textContent = 'Exported 3 figures.';
    document.body.append(toast);
    toast.message = 'Exported 3 figures.';
    await toast.updateComplete;
    assert.isTrue(toast.hasAttribute('open'));
    assert.isTrue(inViewport(toast));
    await settle(200);
    assert.equal(dismissed, 1, 'gone after its duration');
    assert.isFalse(toast.hasAttribute('open'));
    assert.equal(getComputedStyle(toast).display, 'none');

    toast.message = 'Share link copied.';
    await toast.updateComplete;
    toast.shadowRoot!.querySelector('.toast')!.dispatchEvent(new MouseEvent('mouseenter'));
    await settle(200);
    assert.equal(dismissed, 1, 'kept while the pointer is on it');
    toast.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-label="Dismiss"]')!.click();
    assert.equal(dismissed, 2);
  });

  it('stays until dismissed when its duration is 0 (a share link to copy by hand, an error)', async () => {
    const toast = document.createElement('t5-toast') as Toast;
    let dismissed = 0;
    toast.addEventListener('toast-dismiss', () => dismissed++);
    toast.duration = 0;
    document.body.append(toast);
    toast.message = 'Copy this share link';
    await settle(150);
    assert.equal(dismissed, 0);
    assert.isTrue(toast.hasAttribute('open'));
  });
});
