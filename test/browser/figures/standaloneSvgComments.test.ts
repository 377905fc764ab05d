import { assert } from '@esm-bundle/chai';
import { html, svg, render } from 'lit';
import { standaloneSvg } from '../../../src/plots/figureExport.ts';

describe('stand-alone SVG export of Lit-rendered SVG', () => {
  it('leaves out the comment markers Lit puts in a template, whose numbers change on every page load', () => {
    const host = document.createElement('div');
    document.body.append(host);
    try {
      const label = 'Encoder · 2 blocks';
      render(html`<figure data-figure="lit-diagram"><svg width="120" height="40" viewBox="0 0 120 40">${svg`<text x="4" y="20">${label}</text>`}</svg></figure>`, host);
      const figure = host.querySelector('figure')!;
      assert.include(figure.innerHTML, '<!--', 'the rendered figure has Lit markers (else this test proves nothing)');
      const out = standaloneSvg(figure).text;
      assert.notInclude(out, '<!--');
      assert.include(out, `>${label}</text>`);
    } finally {
      host.remove();
    }
  });
});
