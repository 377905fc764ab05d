import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as g from '../../../src/tasks/glueFormats.ts';

describe('GLUE / SuperGLUE text formats (spec §E)', () => {
  it('CoLA and SST-2: "<task> sentence: …" → label name', () => {
    assert.deepEqual(g.formatCola({ sentence: 'John made Bill master of himself.', label: 1 }), {
      inputs: 'cola sentence: John made Bill master of himself.',
      targets: 'acceptable',
    });
    assert.deepEqual(g.formatSst2({ sentence: 'it confirms fincher ’s status.', label: 0 }), {
      inputs: 'sst2 sentence: it confirms fincher ’s status.',
      targets: 'negative',
    });
  });

  it('MNLI puts the hypothesis first (alphabetical), like the code and the appendix', () => {
    assert.deepEqual(g.formatMnli({ premise: 'I ate.', hypothesis: 'I was hungry.', label: 1 }), {
      inputs: 'mnli hypothesis: I was hungry. premise: I ate.',
      targets: 'neutral',
    });
    assert.equal(g.formatMnli({ premise: 'p', hypothesis: 'h', label: 2 }).targets, 'contradiction');
  });

  it('sentence-pair tasks: MRPC, QQP, QNLI, RTE, CB, BoolQ', () => {
    assert.deepEqual(g.formatMrpc({ sentence1: 'A', sentence2: 'B', label: 0 }), {
      inputs: 'mrpc sentence1: A sentence2: B',
      targets: 'not_equivalent',
    });
    assert.deepEqual(g.formatQqp({ question1: 'Q1?', question2: 'Q2?', label: 1 }), {
      inputs: 'qqp question1: Q1? question2: Q2?',
      targets: 'duplicate',
    });
    assert.deepEqual(g.formatQnli({ question: 'Q?', sentence: 'S.', label: 1 }), {
      inputs: 'qnli question: Q? sentence: S.',
      targets: 'not_entailment',
    });
    assert.deepEqual(g.formatRte({ sentence1: 'A', sentence2: 'B', label: 0 }), {
      inputs: 'rte sentence1: A sentence2: B',
      targets: 'entailment',
    });
    assert.deepEqual(g.formatCb({ premise: 'P', hypothesis: 'H', label: 2 }), {
      inputs: 'cb hypothesis: H premise: P',
      targets: 'neutral',
    });
    assert.deepEqual(g.formatBoolq({ question: 'is it?', passage: 'It is.', label: 1 }), {
      inputs: 'boolq passage: It is. question: is it?',
      targets: 'True',
    });
  });

  it('COPA: choice1, choice2, premise, question (alphabetical), label 1 → "True" as in the appendix', () => {
    assert.deepEqual(
      g.formatCopa({
        premise: 'The man broke his toe.',
        question: 'cause',
        choice1: 'He dropped a hammer on his foot.',
        choice2: 'He got a hole in his sock.',
        label: 0,
      }),
      {
        inputs:
          'copa choice1: He dropped a hammer on his foot. choice2: He got a hole in his sock. premise: The man broke his toe. question: cause',
        targets: 'False',
      },
    );
  });

  it('WiC uses the code order sentence1, sentence2, word', () => {
    assert.deepEqual(g.formatWic({ word: 'bank', sentence1: 'A river bank.', sentence2: 'A savings bank.', label: 0 }), {
      inputs: 'wic sentence1: A river bank. sentence2: A savings bank. word: bank',
      targets: 'False',
    });
  });

  it('MultiRC keeps question, answer, paragraph order and strips <br> and <b> tags', () => {
    assert.deepEqual(g.formatMultirc({ paragraph: '<b>Sent 1: </b>Hi.<br><b>Sent 2: </b>Bye.', question: 'Q?', answer: 'A', label: 1 }), {
      inputs: 'multirc question: Q? answer: A paragraph: Sent 1: Hi. Sent 2: Bye.',
      targets: 'True',
    });
  });

  it('test-set examples (label −1) get the target "<unk>"; other labels are rejected by name', () => {
    assert.equal(g.formatRte({ sentence1: 'A', sentence2: 'B', label: -1 }).targets, '<unk>');
    assert.throws(() => g.formatRte({ sentence1: 'A', sentence2: 'B', label: 2 }), /field "label" must be −1 or an integer in \[0, 2\)/);
    assert.throws(() => g.formatCola({ sentence: undefined as unknown as string, label: 0 }), /field "sentence" must be a string/);
  });

  it('STS-B rounds to the nearest 0.2 half-to-even: 2.57 → "2.6", 3.25 → "3.2" (spec examples)', () => {
    assert.deepEqual(g.formatStsb({ sentence1: 'A', sentence2: 'B', label: 3.25 }), {
      inputs: 'stsb sentence1: A sentence2: B',
      targets: '3.2',
    });
    assert.equal(g.stsbTarget(2.57), '2.6');
  });

  it('STS-B: exact halves go to the even multiple of 0.2; everything else to the nearest', () => {
    // label·5 = k + 0.5 exactly → even k: 0.1·5 = 0.5 → 0 → "0.0"; 0.3·5 = 1.5 → 2 → "0.4"; 0.5·5 = 2.5 → 2 → "0.4";
    // 0.7·5 = 3.5 → 4 → "0.8"; 4.9·5 = 24.5 → 24 → "4.8". (0.1, 0.3, 0.7 are not exact doubles, but ·5 rounds to the exact half.)
    const cases: [number, string][] = [
      [0.1, '0.0'],
      [0.3, '0.4'],
      [0.5, '0.4'],
      [0.7, '0.8'],
      [4.9, '4.8'],
      [0, '0.0'],
      [5, '5.0'],
      [1.29, '1.2'],
      [1.31, '1.4'],
      [4.0, '4.0'],
    ];
    for (const [label, expected] of cases) assert.equal(g.stsbTarget(label), expected, `label ${label}`);
    // JS Math.round would give "0.2" for 0.1 and "0.6" for 0.5: the reason for roundHalfEven.
    assert.notEqual((Math.round(0.5 * 5) / 5).toFixed(1), g.stsbTarget(0.5));
  });

  it('ReCoRD: one example per answer, entities comma-joined, @highlight lines joined', () => {
    const out = g.formatRecord({
      passage: 'Story.\n@highlight\nFirst point\n@highlight\nSecond',
      query: '@placeholder won',
      entities: ['Ann', 'Bob'],
      answers: ['Ann', 'Ann Lee'],
    });
    assert.equal(out.length, 2);
    assert.equal(out[0].inputs, 'record query: @placeholder won entities: Ann, Bob passage: Story. First point. Second');
    assert.deepEqual(
      out.map((o) => o.targets),
      ['Ann', 'Ann Lee'],
    );
    assert.equal(g.formatRecord({ passage: 'P', query: 'Q', entities: [], answers: [] })[0].targets, '<unk>');
  });

  it('WSC simple wraps the pronoun in *…* and targets the referent', () => {
    assert.deepEqual(
      g.formatWscSimple({
        text: 'Mark told Pete many lies about himself , which Pete included in his book .',
        span1_text: 'Mark',
        span2_text: 'himself',
        span2_index: 6,
      }),
      {
        inputs: 'wsc: Mark told Pete many lies about *himself* , which Pete included in his book .',
        targets: 'Mark',
      },
    );
    assert.throws(
      () => g.formatWscSimple({ text: 'a b c', span1_text: 'a', span2_text: 'x', span2_index: 1 }),
      /field "span2_text" "x" is not word 1 of text/,
    );
  });

  it('WSC classification marks the noun with * and the pronoun with #', () => {
    assert.deepEqual(
      g.formatWsc({
        text: 'The city council refused the demonstrators a permit because they feared violence.',
        span1_text: 'The city council',
        span1_index: 0,
        span2_text: 'they',
        span2_index: 9,
        label: 1,
      }),
      {
        inputs: 'wsc text: * The city council * refused the demonstrators a permit because # they # feared violence.',
        targets: 'True',
      },
    );
  });

  it('SQuAD pads punctuation with spaces and collapses whitespace; WMT and CNN/DM prefixes', () => {
    assert.deepEqual(
      g.formatSquad({ question: 'Who wrote "Hamlet"?', context: 'Shakespeare (1600)  wrote it.', answers: ['Shakespeare'] }),
      {
        inputs: 'question: Who wrote " Hamlet " ?  context: Shakespeare ( 1600 ) wrote it . ',
        targets: 'Shakespeare',
      },
    );
    assert.deepEqual(g.formatTranslate({ source: 'That is good.', target: 'Das ist gut.' }), {
      inputs: 'translate English to German: That is good.',
      targets: 'Das ist gut.',
    });
    assert.equal(g.formatSummarize({ article: 'Text.', highlights: 'T.' }).inputs, 'summarize: Text.');
  });
});
