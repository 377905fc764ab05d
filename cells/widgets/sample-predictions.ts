import { html, css, nothing } from 'lit';
import type { SamplePrediction } from '../../src/experiments/samplePredictions.ts';

/** One arm's decoded validation examples, or why there are none. */
export interface ArmSamples {
  key: string;
  label: string;
  samples: SamplePrediction[];
  error?: string;
}

export const samplePredictionStyles = css`
  details.samples {
    margin: 8px 0;
    font-size: 12.5px;
  }
  details.samples summary {
    cursor: pointer;
    color: #333;
  }
  table.samples {
    border-collapse: collapse;
    margin-top: 6px;
    width: 100%;
    table-layout: fixed;
  }
  table.samples th,
  table.samples td {
    text-align: left;
    vertical-align: top;
    padding: 3px 7px;
    border-bottom: 1px solid #f0f1f3;
  }
  table.samples th {
    font-weight: 600;
    color: #555;
    background: #fafbfc;
  }
  table.samples td.text {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 11.5px;
    white-space: pre-wrap;
    word-break: break-word;
  }
  table.samples td.arm {
    white-space: nowrap;
    width: 14ch;
  }
  table.samples tr.exact td.prediction {
    background: #e3f4ea;
  }
  table.samples .empty {
    color: #8a8f98;
    font-style: italic;
  }
  table.samples .note {
    font-family: Inter, system-ui, sans-serif;
    color: #8c4a00;
    font-size: 11px;
  }
`;

/**
 * A small table of a few validation inputs, targets and greedy predictions per arm, so a score
 * (a 0.00, a high loss) can be read off the model's own outputs.
 */
export function samplePredictionsTable(arms: readonly ArmSamples[]) {
  if (arms.length === 0) return nothing;
  const text = (s: string) => (s === '' ? html`<span class="empty">(empty)</span>` : s);
  return html`<details class="samples" open data-sample-predictions>
    <summary>
      Sample predictions: the first ${Math.max(...arms.map((a) => a.samples.length))} validation examples of each arm, decoded greedily
      (green: exact)
    </summary>
    <table class="samples">
      <thead>
        <tr>
          <th class="arm">arm</th>
          <th>input</th>
          <th>target</th>
          <th>prediction</th>
        </tr>
      </thead>
      <tbody>
        ${arms.flatMap((a) =>
          a.error
            ? [
                html`<tr data-arm=${a.key}>
                  <td class="arm">${a.label}</td>
                  <td colspan="3" class="empty">${a.error}</td>
                </tr>`,
              ]
            : a.samples.map(
                (s, i) =>
                  html`<tr data-arm=${a.key} class=${s.exact ? 'exact' : ''}>
                    <td class="arm">${i === 0 ? a.label : ''}</td>
                    <td class="text">${text(s.input)}</td>
                    <td class="text">${text(s.target)}</td>
                    <td class="text prediction">
                      ${text(s.prediction)}${s.note ? html` <span class="note" data-note>${s.note}</span>` : nothing}
                    </td>
                  </tr>`,
              ),
        )}
      </tbody>
    </table>
  </details>`;
}
