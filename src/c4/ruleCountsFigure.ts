/**
 * The cleaning cell's bar figure as a pure function: the rows (what each rule removed) and the
 * Observable Plot options that draw them. Building marks needs no DOM; the cell calls Plot.plot.
 */
import * as Plot from '@observablehq/plot';
import { FIGURE_SIZE, PALETTE, figureStyle } from '../plots/theme.ts';
import { RULE_IDS, RULES, type CleanCounts, type RuleId, type RuleScope } from './rules.ts';

export interface RuleCountRow {
  rule: RuleId;
  scope: RuleScope;
  /** Lines removed (a page rule: the lines of the pages it removed). */
  lines: number;
  pages: number;
  /** Words removed, the bar's length. */
  words: number;
  /** Share of the input's words this rule removed. */
  share: number;
}

const SCOPE_LABEL: Record<RuleScope, string> = { line: 'removes lines', page: 'removes pages', edit: 'edits lines' };

/** One row per rule, in pipeline order. */
export function ruleCountRows(counts: CleanCounts): RuleCountRow[] {
  return RULE_IDS.map((rule) => {
    const r = counts.rules[rule];
    return {
      rule,
      scope: RULES[rule].scope,
      lines: r.lines,
      pages: r.pages,
      words: r.tokens,
      share: counts.tokensIn ? r.tokens / counts.tokensIn : 0,
    };
  });
}

/** Plot options for horizontal bars of the words each rule removed, coloured by what the rule removes. */
export function ruleCountsPlotOptions(rows: readonly RuleCountRow[], corpusName: string): Plot.PlotOptions {
  const scopes = (['line', 'page', 'edit'] as const).filter((s) => rows.some((r) => r.scope === s));
  return {
    ariaLabel: `Words removed by each C4 rule from ${corpusName}`,
    style: figureStyle,
    width: FIGURE_SIZE.width,
    height: 40 + rows.length * 22,
    marginLeft: 170,
    marginRight: 70,
    x: { label: 'words removed', grid: true },
    y: { label: null, domain: rows.map((r) => r.rule) },
    color: {
      domain: scopes.map((s) => SCOPE_LABEL[s]),
      range: scopes.map((s) => PALETTE[['line', 'page', 'edit'].indexOf(s)]),
      legend: true,
    },
    marks: [
      Plot.barX(rows, { x: 'words', y: 'rule', fill: (d: RuleCountRow) => SCOPE_LABEL[d.scope] }),
      Plot.text(rows, {
        x: 'words',
        y: 'rule',
        text: (d: RuleCountRow) => `${d.words.toLocaleString('en-US')} (${(d.share * 100).toFixed(1)}%)`,
        textAnchor: 'start',
        dx: 4,
      }),
      Plot.ruleX([0]),
    ],
  };
}
