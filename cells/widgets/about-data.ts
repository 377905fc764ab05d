import { LitElement, html, css } from 'lit';
import { bundledDatasets } from '../../src/data/bundled.ts';

/**
 * "About / data licences": every dataset bundled with the app, where it comes from and its
 * licence, with links to the licence texts and the provenance notes that ship beside the data
 * (`datasets/` in the repository and in `dist/`). Opened from the header; a native <dialog>.
 */
export class AboutData extends LitElement {
  static override styles = css`
    dialog {
      max-width: min(880px, 94vw);
      border: 1px solid #d0d4da;
      border-radius: 10px;
      padding: 18px 22px;
      font:
        14px/1.5 system-ui,
        sans-serif;
      color: #1f2328;
    }
    dialog::backdrop {
      background: rgba(20, 24, 31, 0.35);
    }
    h2 {
      font-size: 17px;
      margin: 0 0 6px;
    }
    p {
      margin: 4px 0 10px;
      color: #444;
    }
    table {
      border-collapse: collapse;
      font-size: 12.5px;
      width: 100%;
    }
    th,
    td {
      text-align: left;
      vertical-align: top;
      padding: 5px 8px;
      border-bottom: 1px solid #eceef1;
    }
    th {
      font-weight: 600;
      color: #555;
    }
    td.n {
      text-align: right;
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
    }
    code {
      font:
        12px ui-monospace,
        SFMono-Regular,
        Menlo,
        monospace;
    }
    a {
      color: #0b63c5;
    }
    .bar {
      display: flex;
      justify-content: flex-end;
      margin-top: 12px;
    }
    button {
      font: inherit;
      padding: 3px 12px;
      border: 1px solid #d0d4da;
      border-radius: 6px;
      background: #fff;
      cursor: pointer;
    }
  `;

  /** Opens the view. */
  show(): void {
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  /** Closes it. */
  close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  override render() {
    const rows = bundledDatasets();
    return html`<dialog aria-labelledby="about-title" data-view="about-data">
      <h2 id="about-title">About t5lab / data licences</h2>
      <p>
        t5lab runs the ideas of the T5 paper (Raffel et al., 2020) in your browser. It ships with the datasets below; each keeps its
        licence, and the licence texts and provenance travel with the app (<a href="datasets/PROVENANCE.md" target="_blank" rel="noopener"
          >provenance</a
        >, <a href="datasets/manifest.json" target="_blank" rel="noopener">manifest</a>,
        <a href="datasets/SHA256SUMS" target="_blank" rel="noopener">checksums</a>).
      </p>
      <table>
        <thead>
          <tr>
            <th>dataset</th>
            <th>kind</th>
            <th class="n">rows</th>
            <th>source</th>
            <th>licence</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (d) =>
              html`<tr data-dataset=${d.name}>
                <td><code>${d.name}</code></td>
                <td>${d.kind}</td>
                <td class="n">${d.examples.toLocaleString('en-US')}</td>
                <td>${d.source}</td>
                <td>
                  ${d.license}${d.licenseFiles.map((f) => html` · <a href=${`datasets/${f}`} target="_blank" rel="noopener">${f.replace(/^LICENSES\//, '')}</a>`)}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      <div class="bar"><button @click=${() => this.close()}>Close</button></div>
    </dialog>`;
  }
}
customElements.define('t5-about-data', AboutData);
