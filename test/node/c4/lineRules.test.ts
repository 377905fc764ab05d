import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  countCitations,
  endsWithTerminalPunctuation,
  hasEnoughWords,
  hasTooLongWord,
  isPolicyLine,
  mentionsJavascript,
  removeCitations,
} from '../../../src/c4/lineRules.ts';

describe('C4 line rules', () => {
  it('a line is kept only when it ends in . ? ! or a closing quote, and not in an ellipsis', () => {
    assert.equal(endsWithTerminalPunctuation('This line ends in a period.'), true);
    assert.equal(endsWithTerminalPunctuation('Is this a question?'), true);
    assert.equal(endsWithTerminalPunctuation('What a line!'), true);
    assert.equal(endsWithTerminalPunctuation('"Open Access. Powered by Scholars."'), true);
    assert.equal(endsWithTerminalPunctuation('Home | About | Contact'), false);
    assert.equal(endsWithTerminalPunctuation('Read more...'), false);
    assert.equal(endsWithTerminalPunctuation('He said: fine'), false);
    assert.equal(endsWithTerminalPunctuation('a curly quote does not count”'), false);
    assert.equal(endsWithTerminalPunctuation(''), false);
  });

  it('a line needs at least the minimum number of white-space separated words', () => {
    assert.equal(hasEnoughWords('Too few words.', 3), true);
    assert.equal(hasEnoughWords('Too few.', 3), false);
    assert.equal(hasEnoughWords('  spaced   out \t words. ', 3), true);
    assert.equal(hasEnoughWords('Too few words.', 5), false);
  });

  it('a word longer than the maximum (in code points) removes the line', () => {
    assert.equal(hasTooLongWord(`short words and ${'x'.repeat(1001)} here.`, 1000), true);
    assert.equal(hasTooLongWord(`exactly ${'x'.repeat(1000)} is fine.`, 1000), false);
    // 600 astral characters are 1,200 UTF-16 units but 600 code points, as Python's len() counts.
    assert.equal(hasTooLongWord(`${'😀'.repeat(600)} ok.`, 1000), false);
  });

  it('citation markers [1], [], [edit] and [citation needed] are removed and nothing else', () => {
    assert.equal(removeCitations('And some lines end with citations.[3]'), 'And some lines end with citations.');
    assert.equal(
      removeCitations('Or have requested citations[citation needed]. Or the option to edit.[edit]'),
      'Or have requested citations. Or the option to edit.',
    );
    assert.equal(removeCitations('An empty marker [] goes, [a] stays.'), 'An empty marker  goes, [a] stays.');
    assert.equal(countCitations('x[1] y[22] z[edit] w[citation needed] v[note]'), 4);
  });

  it('a line that mentions JavaScript in any case is a notice to remove', () => {
    assert.equal(mentionsJavascript('You need to enable javascript in your browser.'), true);
    assert.equal(mentionsJavascript('You have JavaScript disabled.'), true);
    assert.equal(mentionsJavascript('Java and scripts are different words.'), false);
  });

  it('terms of use, privacy policy and cookie notices are policy lines', () => {
    assert.equal(isPolicyLine('This line mentions the Terms of Use.'), true);
    assert.equal(isPolicyLine('The privacy policy is mentioned in this line.'), true);
    assert.equal(isPolicyLine("Let's talk about the Cookie Policy now."), true);
    assert.equal(isPolicyLine('This website uses cookies to improve your experience.'), true);
    assert.equal(isPolicyLine('We use cookies.'), true);
    assert.equal(isPolicyLine('She baked cookies for the policy meeting.'), false);
  });
});
