import { readFileSync } from 'node:fs';
import { cleanReport } from '../../c4/countsReport.ts';
import { formatJsonlPage, parseJsonlPages } from '../../c4/jsonlPages.ts';
import { cleanCorpus, cleanedText } from '../../c4/pipeline.ts';
import { RULE_IDS, RULES } from '../../c4/rules.ts';
import { writeFileAtomic } from '../../storage/writeFileAtomic.ts';
import { UsageError, emit, type Command } from '../command.ts';

export const cleanCommand: Command = {
  name: 'clean',
  summary: "C4's cleaning rules (paper §2.2) over JSON Lines pages; per-rule counts",
  usage: 't5lab clean --in FILE.jsonl --out FILE.jsonl [--json]   (one page per line: {"text": "line\\nline", ...})',
  options: {
    in: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  },
  run(values, io) {
    const input = values.in;
    const output = values.out;
    if (typeof input !== 'string' || input === '') throw new UsageError('--in FILE.jsonl is required');
    if (typeof output !== 'string' || output === '') throw new UsageError('--out FILE.jsonl is required');
    let content: string;
    try {
      content = readFileSync(input, 'utf8');
    } catch (err) {
      throw new UsageError(`--in ${input}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    const pages = parseJsonlPages(content, `--in ${input}`);
    const result = cleanCorpus(pages.map((p) => p.text));
    const kept: string[] = [];
    result.pages.forEach((d, i) => {
      const text = cleanedText(d);
      if (text !== undefined) kept.push(formatJsonlPage(pages[i].record, text) + '\n');
    });
    writeFileAtomic(output, kept.join(''));
    const report = cleanReport(result.counts, result.options);
    emit(io, Boolean(values.json), report, () => {
      const w = Math.max(...RULE_IDS.map((id) => id.length));
      return [
        `pages ${report.pages_kept} of ${report.pages_in} kept, lines ${report.lines_kept} of ${report.lines_in}, words ${report.tokens_kept} of ${report.tokens_in}`,
        `${'rule'.padEnd(w)}  ${'lines'.padStart(7)} ${'pages'.padStart(6)} ${'words'.padStart(8)}  what`,
        ...RULE_IDS.map((id) => {
          const r = report.rules[id];
          const edited = r.edited ? ` (${r.edited} lines shortened)` : '';
          return `${id.padEnd(w)}  ${String(r.lines).padStart(7)} ${String(r.pages).padStart(6)} ${String(r.tokens).padStart(8)}  ${RULES[id].label}${edited}`;
        }),
        `language: ${report.options.language_id}; bad words: ${report.options.bad_words}; wrote ${kept.length} pages to ${output}`,
      ].join('\n');
    });
    return 0;
  },
};
