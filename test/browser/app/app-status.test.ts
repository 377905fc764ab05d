import { assert } from '@esm-bundle/chai';
import '../../../cells/shell/app-status.ts';
import type { AppStatus } from '../../../cells/shell/app-status.ts';

/**
 * The header's offline indicator follows what the browser says about the network: at start (a
 * page opened with no network) and on the `offline` / `online` events. The built-site test
 * checks the same with the service worker and Chromium's network emulation.
 */
describe('the header app status', () => {
  let online = true;
  before(() => {
    // navigator.onLine is a getter on Navigator.prototype; one on the instance shadows it.
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  });
  after(() => {
    delete (navigator as unknown as Record<string, unknown>).onLine;
  });

  const pill = (el: AppStatus) => el.shadowRoot!.querySelector('[data-status="offline"]');

  /** Mounts a fresh status element for `check`, and removes it afterwards. */
  async function withStatus(check: (el: AppStatus) => Promise<void>): Promise<void> {
    const el = document.createElement('t5-app-status') as AppStatus;
    document.body.append(el);
    try {
      await el.updateComplete;
      await check(el);
    } finally {
      el.remove();
    }
  }

  it('shows "offline" when the page opens without a network, and hides it once the network is back', async () => {
    online = false;
    await withStatus(async (el) => {
      assert.ok(pill(el), 'the indicator is shown at start');
      assert.equal(pill(el)!.textContent!.trim(), 'offline');
      assert.equal(pill(el)!.getAttribute('role'), 'status', 'screen readers hear it');
      online = true;
      dispatchEvent(new Event('online'));
      await el.updateComplete;
      assert.isNull(pill(el), 'the indicator goes once the browser is online');
      online = false;
      dispatchEvent(new Event('offline'));
      await el.updateComplete;
      assert.ok(pill(el), 'and comes back on the offline event');
    });
  });

  it('shows nothing about the network while the browser is online', async () => {
    online = true;
    await withStatus(async (el) => {
      assert.isNull(pill(el));
      assert.ok(el.shadowRoot!.querySelector('[data-action="about"]'), 'the About button is there');
    });
  });
});
