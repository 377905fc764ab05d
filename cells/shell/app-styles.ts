import { css } from 'lit';

/** The page's look (kept from the first screenshot: a quiet header, white cards on grey). */
export const appStyles = css`
  :host {
    display: block;
    min-height: 100vh;
    background: #f7f8fa;
    color: #1f2328;
    font-family: Inter, 'Helvetica Neue', Arial, system-ui, sans-serif;
  }
  .top {
    position: sticky;
    top: 0;
    z-index: 10;
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 8px 24px;
    background: rgba(255, 255, 255, 0.92);
    backdrop-filter: blur(6px);
    border-bottom: 1px solid #e3e5e8;
  }
  .brand {
    font-weight: 700;
    font-size: 17px;
    letter-spacing: -0.01em;
    margin-right: 4px;
  }
  .brand span {
    color: #0072b2;
  }
  .title-input {
    font: inherit;
    font-size: 14px;
    color: #2b2f36;
    border: 1px solid transparent;
    background: transparent;
    border-radius: 6px;
    padding: 3px 6px;
    min-width: 8ch;
    width: 26ch;
    text-overflow: ellipsis;
  }
  .title-input:hover {
    border-color: #e3e5e8;
  }
  .title-input:focus {
    border-color: #0072b2;
    background: #fff;
    outline: none;
  }
  .save {
    font-size: 12px;
    color: #8a8f98;
  }
  .save[data-save='saving'] {
    color: #5b616b;
  }
  .save.error {
    color: #b00020;
    font-weight: 600;
  }
  .save button {
    font: inherit;
    font-weight: 400;
    border: 0;
    background: none;
    color: #0b57d0;
    text-decoration: underline;
    cursor: pointer;
    padding: 0 2px;
  }
  .spacer {
    flex: 1;
  }
  .seed {
    display: inline-flex;
    gap: 6px;
    align-items: center;
    font-size: 12px;
    color: #4a5058;
  }
  .seed input {
    width: 6em;
    font: inherit;
    padding: 2px 4px;
    border: 1px solid #d0d4da;
    border-radius: 6px;
  }
  .banner {
    display: flex;
    align-items: center;
    gap: 12px;
    margin: 12px auto 0;
    max-width: 1040px;
    box-sizing: border-box;
    padding: 8px 14px;
    border-radius: 8px;
    font-size: 13px;
  }
  .banner span {
    flex: 1;
  }
  .banner button {
    font: inherit;
    border: 1px solid currentColor;
    background: transparent;
    color: inherit;
    border-radius: 6px;
    padding: 2px 10px;
    cursor: pointer;
  }
  .banner button[aria-label='Dismiss'] {
    border: 0;
    font-size: 16px;
    padding: 0 4px;
  }
  .banner.warn {
    background: #fff7e6;
    border: 1px solid #f5d9a8;
    color: #7a4b00;
  }
  .banner.error {
    background: #fdecec;
    border: 1px solid #f3b8b8;
    color: #8c0017;
  }
  .banner.info {
    background: #eef4fa;
    border: 1px solid #c9dcee;
    color: #174a74;
  }
  .banner.trust {
    background: #fff4e0;
    border: 1px solid #e3c48a;
    color: #6b4300;
  }
  .banner.trust .primary {
    background: #8a5300;
    color: #fff;
    border-color: #8a5300;
    font-weight: 600;
    white-space: nowrap;
  }
  t5-toast .share {
    flex: 1;
    min-width: 28ch;
    font:
      12px ui-monospace,
      monospace;
    padding: 3px 6px;
    border: 1px solid #c9dcee;
    border-radius: 6px;
  }
  main {
    max-width: 1040px;
    margin: 0 auto;
    padding: 24px 24px 96px 0;
  }
  .nothing-open {
    margin: 40px 0 0 56px;
    color: #5b616b;
  }
  .nothing-open button {
    font: inherit;
    margin-right: 8px;
    border: 1px solid #d0d4da;
    background: #fff;
    border-radius: 6px;
    padding: 4px 12px;
    cursor: pointer;
  }
  .drop-overlay {
    position: fixed;
    inset: 0;
    z-index: 50;
    display: grid;
    place-items: center;
    background: rgb(0 114 178 / 0.08);
    border: 3px dashed #0072b2;
    pointer-events: none;
  }
  .drop-overlay div {
    background: #fff;
    padding: 16px 24px;
    border-radius: 10px;
    font-size: 16px;
    box-shadow: 0 8px 24px rgb(16 24 40 / 0.14);
  }
  /* Presenter view: large type for a projector, no editing chrome. */
  :host([present]) main {
    zoom: 1.3;
    max-width: 1100px;
  }
  :host([present]) .top {
    padding: 6px 24px;
  }
  :host([present]) .title-input {
    font-size: 18px;
    font-weight: 600;
    width: 40ch;
  }
`;
