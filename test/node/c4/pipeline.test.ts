import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanCorpus, cleanedText, countDecisions } from '../../../src/c4/pipeline.ts';
import { cleanReport } from '../../../src/c4/countsReport.ts';
import { RULE_IDS, type CleanCounts } from '../../../src/c4/rules.ts';
import { loadBundledPages } from '../../../src/data/bundled.ts';
import { readBundledFile } from '../../../src/data/bundledFiles.node.ts';

const ARTICLE = [
  'Gardening in small spaces is easier than many people think.',
  'A balcony can hold a surprising number of pots and planters.',
  'Herbs such as basil and mint grow well in bright light.',
  'Water them in the morning so the leaves dry before night.',
  'With a little care, the harvest lasts through the summer.',
];

function balanced(c: CleanCounts): void {
  let lines = c.linesKept;
  let tokens = c.tokensKept;
  let pages = c.pagesKept;
  for (const id of RULE_IDS) {
    lines += c.rules[id].lines;
    tokens += c.rules[id].tokens;
    pages += c.rules[id].pages;
  }
  assert.equal(lines, c.linesIn, 'lines in = kept + removed by the rules');
  assert.equal(tokens, c.tokensIn, 'words in = kept + removed by the rules');
  assert.equal(pages, c.pagesIn, 'pages in = kept + removed by the rules');
}

describe('cleanCorpus (the whole C4 pipeline)', () => {
  it('counts the lines, pages and words each rule removes, and the counts add up', () => {
    const pages = [
      ['Home | Blog | Contact', ...ARTICLE, 'This site uses cookies to give you the best experience.', 'Share'].join('\n'),
      [...ARTICLE.map((l) => l.replace('Gardening', 'Cooking')), 'Please enable JavaScript to view the comments.'].join('\n'),
      ['Lorem ipsum dolor sit amet, consectetur adipiscing elit.', ...ARTICLE].join('\n'),
      'Too short a page.',
      [
        'Debian ist ein freies Betriebssystem, das von Freiwilligen entwickelt wird.',
        'Es gibt viele Pakete, die man installieren kann.',
        'Die Installation ist einfach und schnell erledigt.',
        'Die Gemeinschaft hilft bei Fragen gerne weiter.',
        'Neue Versionen erscheinen etwa alle zwei Jahre.',
      ].join('\n'),
    ];
    const { counts, pages: decisions } = cleanCorpus(pages, { badWords: [] });
    balanced(counts);
    assert.equal(counts.pagesIn, 5);
    assert.equal(counts.rules['no-terminal-punctuation'].lines, 2);
    assert.equal(counts.rules.policy.lines, 1);
    assert.equal(counts.rules.policy.tokens, 10);
    assert.equal(counts.rules.javascript.lines, 1);
    assert.equal(counts.rules['lorem-ipsum'].pages, 1);
    assert.equal(counts.rules['lorem-ipsum'].lines, 6, 'the lorem line and the five lines after it go with the page');
    assert.equal(counts.rules['not-english'].pages, 1);
    assert.equal(decisions[4].detail, 'deu');
    // Page 2 repeats page 1's sentences 2-5 ("Gardening" changed only in the first), so spans 2-4 and 3-5 are duplicates.
    assert.equal(counts.rules['duplicate-span'].lines, 4);
    // The short page, and page 2 with one sentence left after deduplication.
    assert.equal(counts.rules['too-few-sentences'].pages, 2);
    assert.equal(decisions[1].detail, 'fewer than 5 sentences after deduplication');
    assert.equal(cleanedText(decisions[0]), ARTICLE.join('\n'));
    assert.equal(counts.pagesKept, 1);
  });

  it('the bad-words rule drops a page that still has a listed term after the other rules', () => {
    const page = [...ARTICLE, 'The word badword appears here on its own.'].join('\n');
    const kept = cleanCorpus([page], { badWords: ['nothing-here'] });
    const dropped = cleanCorpus([page], { badWords: ['badword'] });
    assert.equal(kept.counts.pagesKept, 1);
    assert.equal(dropped.pages[0].removedBy, 'bad-words');
    assert.equal(dropped.counts.rules['bad-words'].lines, 6);
    balanced(dropped.counts);
  });

  it('options turn deduplication and the language rule off, and the sentence minimum re-applies after deduplication', () => {
    const de = 'Das ist ein Satz. Das ist noch ein Satz. Und hier ist ein dritter. Dann ein vierter Satz. Und der fünfte Satz.';
    assert.equal(cleanCorpus([de], { englishOnly: false, badWords: [] }).counts.pagesKept, 1);
    const twice = [ARTICLE.join('\n'), ARTICLE.join('\n')];
    const deduped = cleanCorpus(twice, { badWords: [] });
    assert.equal(deduped.pages[1].removedBy, 'duplicate-span', 'nothing left after deduplication');
    assert.equal(cleanCorpus(twice, { dedupe: false, badWords: [] }).counts.pagesKept, 2);
    const partly = [
      ARTICLE.join('\n'),
      [...ARTICLE.slice(0, 3), 'A new line follows here.', 'A new closing line ends this page.'].join('\n'),
    ];
    const r = cleanCorpus(partly, { badWords: [] });
    assert.equal(r.pages[1].removedBy, 'too-few-sentences');
    assert.match(r.pages[1].detail ?? '', /after deduplication/);
  });

  it('counting the decisions again gives the same counts, and the report carries every rule', () => {
    const r = cleanCorpus([ARTICLE.join('\n')]);
    assert.deepEqual(countDecisions(r.pages), r.counts);
    const report = cleanReport(r.counts, r.options);
    assert.deepEqual(Object.keys(report.rules), [...RULE_IDS]);
    assert.equal(report.options.language_id, 'franc-min 6.2.0');
    assert.equal(report.options.bad_words, 'LDNOOBW en (403 terms)');
    assert.equal(report.pages_kept, 1);
  });

  it('on the bundled raw web corpus most lines go, every rule count adds up, and non-English pages are removed', async () => {
    const pages = await loadBundledPages('c4_raw_web', readBundledFile);
    assert.equal(pages.length, 261);
    const { counts } = cleanCorpus(pages);
    balanced(counts);
    assert.ok(counts.rules['no-terminal-punctuation'].lines > counts.linesIn / 2, 'navigation and code lines have no end mark');
    assert.ok(counts.rules['duplicate-span'].lines > 0, 'the repeated footer is deduplicated');
    assert.equal(counts.rules['not-english'].pages, 16, 'the 16 Debian FAQ chapters in German, French, Italian and Dutch');
    assert.ok(counts.pagesKept > 100 && counts.pagesKept < counts.pagesIn);
  });
});
