import { html, nothing } from 'lit';
import type { ExperimentReport } from '../../src/experiments/experimentReport.ts';
import { PAPER_BENCHMARKS, PAPER_BENCHMARK_METRICS } from '../../src/paper/tables.ts';

/**
 * The paper's whole table of an experiment (`report.paper_table`), every benchmark, labelled as
 * the paper's: T5-Base after 2^35 tokens, none of it computed here. The rows our arms stand for
 * are marked with the arm's label, so the reader can see which of our rows it sits beside.
 */
export function paperTableView(r: ExperimentReport) {
  const t = r.paper_table;
  if (!t) return nothing;
  const ours = new Map<string, string[]>();
  for (const row of r.rows) if (row.paper?.table === t.table) ours.set(row.paper.label, [...(ours.get(row.paper.label) ?? []), row.label]);
  return html`<div class="table-wrap">
    <table data-paper-table=${t.table}>
      <caption>
        <b>The paper's Table ${t.table}</b>: ${t.title} (${t.source}). T5-Base pre-trained on 2<sup>35</sup> tokens; t5lab computed none of
        these numbers.${t.note ? html` ${t.note}` : nothing}
      </caption>
      <thead>
        <tr>
          <th>paper row</th>
          <th>our arm</th>
          ${PAPER_BENCHMARKS.map((b) => html`<th class="paper" title=${`paper: ${PAPER_BENCHMARK_METRICS[b]}`}>${b}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${t.rows.map(
          (p) =>
            html`<tr data-paper-row=${p.label}>
              <td>${p.label}</td>
              <td>${ours.get(p.label)?.join(', ') ?? '—'}</td>
              ${PAPER_BENCHMARKS.map((b) => html`<td class="paper">${p.scores[b] === undefined ? '—' : p.scores[b].toFixed(2)}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
