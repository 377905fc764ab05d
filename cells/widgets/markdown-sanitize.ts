/**
 * The sanitizer of markdown cells. Notebooks are data from anywhere (an imported file, a share
 * link), so their markdown must not run code (scripts, handlers, javascript: URLs), must not reach
 * the network on its own (images, srcset, poster, CSS url(), <link>, <iframe>, <object>, SVG
 * <image href>, <meta refresh>), must not ask for input (forms, password fields) and must not
 * paint outside its cell (no `style` attributes or <style> elements, so no position:fixed
 * overlay over the trust button). The policy is the same for trusted and untrusted notebooks:
 * markdown never needs any of that, and the app's Content-Security-Policy blocks it again.
 *
 * What is kept: text formatting, tables, lists, code, links a person can click (http(s),
 * mailto, same-page #fragments; they open in a new tab without a referrer) and images embedded
 * as `data:image/…` (they need no request). An external image becomes its alt text with a note.
 */
import DOMPurify from 'dompurify';

/** Elements that fetch, embed, ask for input or restyle the page: never kept. */
const FORBID_TAGS = [
  'style',
  'link',
  'meta',
  'base',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'portal',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'option',
  'optgroup',
  'datalist',
  'output',
  'fieldset',
  'keygen',
  'video',
  'audio',
  'source',
  'track',
  'picture',
  'svg',
  'image',
  'use',
  'foreignobject',
  'template',
  'dialog',
  'noscript',
];

/** Attributes that restyle, fetch or submit: never kept. */
const FORBID_ATTR = [
  'style',
  'srcset',
  'sizes',
  'poster',
  'background',
  'ping',
  'action',
  'formaction',
  'lowsrc',
  'dynsrc',
  'longdesc',
  'usemap',
  'cite',
  'data',
  'codebase',
  'xlink:href',
  'popover',
  'popovertarget',
  'autofocus',
  'tabindex',
  'accesskey',
];

/** `data:` images need no request; anything else with a scheme or a host is external. */
const INLINE_IMAGE = /^data:image\/(png|gif|jpe?g|webp|avif|bmp);base64,[a-z0-9+/=\s]*$/i;
const CLICKABLE_LINK = /^(https?:|mailto:|#)/i;

let hooked = false;

function installHooks(): void {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    if (!el.getAttribute) return;
    if (el.tagName === 'IMG') {
      const src = el.getAttribute('src') ?? '';
      if (!INLINE_IMAGE.test(src.trim())) {
        el.removeAttribute('src');
        const alt = el.getAttribute('alt') ?? '';
        el.setAttribute('alt', alt ? `${alt} (external image not loaded)` : 'external image not loaded');
        el.setAttribute('title', `Not loaded: notebooks do not fetch anything from other sites (${src.slice(0, 200)})`);
        el.setAttribute('data-blocked', 'external-image');
      }
    }
    if (el.hasAttribute('href')) {
      const href = (el.getAttribute('href') ?? '').trim();
      if (el.tagName !== 'A' || !CLICKABLE_LINK.test(href)) el.removeAttribute('href');
      else if (!href.startsWith('#')) {
        el.setAttribute('target', '_blank');
        el.setAttribute('rel', 'noopener noreferrer');
      }
    }
    // Any other URL-bearing attribute a future DOMPurify default might allow.
    for (const name of ['src', 'xlink:href', 'srcset', 'poster']) {
      if (el.tagName !== 'IMG' && el.hasAttribute(name)) el.removeAttribute(name);
    }
  });
}

/** Sanitizes HTML made from a markdown cell (after KaTeX): see the module comment for the policy. */
export function sanitizeMarkdownHtml(html: string): string {
  installHooks();
  // <semantics>/<annotation> carry KaTeX's TeX source (text only; <annotation-xml> stays banned).
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true, mathMl: true },
    ADD_TAGS: ['semantics', 'annotation'],
    ADD_ATTR: ['encoding', 'target'],
    FORBID_TAGS,
    FORBID_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: true,
  });
}
