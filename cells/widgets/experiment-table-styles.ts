import { css } from 'lit';

/**
 * The results table of the experiment cells (comparison, multi-task, scaling, architecture
 * comparison): right-aligned tabular numbers, the arm name on the left, the paper's columns tinted.
 * Listed after `T5Cell.baseStyles` and before a cell's own styles, which may refine it.
 */
export const experimentTableStyles = css`
  .table-wrap {
    overflow-x: auto;
    margin: 10px 0;
  }
  table {
    border-collapse: collapse;
    font-size: 12.5px;
    font-variant-numeric: tabular-nums;
  }
  caption {
    text-align: left;
    font-size: 13px;
    padding: 4px 0 6px;
    color: #333;
  }
  th,
  td {
    padding: 3px 7px;
    text-align: right;
    border-bottom: 1px solid #f0f1f3;
  }
  th {
    font-weight: 600;
    color: #555;
    background: #fafbfc;
    border-bottom: 1px solid #ddd;
  }
  th:first-child,
  td:first-child {
    text-align: left;
    white-space: nowrap;
  }
  /* The verdict list under the report table (experiment-report.ts): the table's size, not the page's. */
  ul.verdicts {
    font-size: 13px;
    margin: 6px 0;
    padding-left: 20px;
  }
  th.paper,
  td.paper {
    background: #f6f4ee;
    color: #5b5140;
  }
`;

/**
 * The rest every experiment cell shares: form controls in the text's font, the progress line,
 * stale (kept) results dimmed, and small captions and notes.
 */
export const experimentCellStyles = css`
  select,
  input[type='text'] {
    font: inherit;
    font-size: 13px;
  }
  .progress {
    font-size: 13px;
    color: #333;
    font-variant-numeric: tabular-nums;
  }
  .stale {
    opacity: 0.55;
  }
  figcaption,
  .note {
    font-size: 12px;
    color: #555;
    max-width: 80ch;
  }
`;
