import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { containsCurlyBrace, containsLoremIpsum, hasEnoughSentences } from '../../../src/c4/pageRules.ts';
import { badWordMatcher, BAD_WORD_COUNT } from '../../../src/c4/badWords.ts';
import { isEnglish, detectLanguage } from '../../../src/c4/language.ts';

describe('C4 page rules', () => {
  it('"lorem ipsum" in any case marks placeholder text', () => {
    assert.equal(containsLoremIpsum('Lorem ipsum dolor sit amet, consectetur adipiscing elit.'), true);
    assert.equal(containsLoremIpsum('The LOREM IPSUM text is a placeholder.'), true);
    assert.equal(containsLoremIpsum('Lorem is a name; ipsum is a word.'), false);
  });

  it('an opening curly brace marks code', () => {
    assert.equal(containsCurlyBrace('fn foo(a) { bar = a + 10; }.'), true);
    assert.equal(containsCurlyBrace('A closing brace alone } is not enough.'), false);
  });

  it('the sentence minimum counts sentences over the kept lines', () => {
    const lines = ['This first line has one sentence.', "This line looks like it has three sentences...but it's actually just 1."];
    assert.equal(hasEnoughSentences(lines, 2), true);
    assert.equal(hasEnoughSentences(lines, 3), false);
    assert.equal(hasEnoughSentences(['One. Two. Three.', 'Four! Five?'], 5), true);
    assert.equal(hasEnoughSentences([], 1), false);
  });

  it('a bad-word term counts only standing on its own, in any case, next to punctuation', () => {
    const find = badWordMatcher(['ass', 'two words']);
    assert.equal(find('I asked my friend for assistance polishing my cutlass.'), undefined);
    assert.equal(find('He put the saddle on his ass for travel.'), 'ass');
    assert.equal(find('Ass is one of several species of horse-like animals.'), 'ass');
    assert.equal(find('One synonym for donkey is "ass".'), 'ass');
    assert.equal(find('Here are Two Words together.'), 'two words');
    assert.equal(badWordMatcher([])('anything at all'), undefined);
  });

  it('the bundled LDNOOBW English list is loaded whole and used by default', () => {
    assert.equal(BAD_WORD_COUNT, 403);
    const find = badWordMatcher();
    assert.equal(find('A perfectly ordinary sentence about gardening and rain.'), undefined);
    assert.notEqual(find('This sentence mentions a blowjob plainly.'), undefined);
  });

  it('English pages pass the language rule and German, French, Italian and Dutch ones do not', () => {
    const en = 'The quick brown fox jumps over the lazy dog. This sentence is written in plain English so that it is recognised.';
    assert.equal(isEnglish(en), true);
    const de = 'Debian ist ein freies Betriebssystem, das von einer Gemeinschaft von Freiwilligen entwickelt wird und sehr beliebt ist.';
    const fr = "Debian est un système d'exploitation libre développé par une communauté de bénévoles du monde entier depuis longtemps.";
    const it_ = 'Debian è un sistema operativo libero sviluppato da una comunità di volontari in tutto il mondo da molti anni ormai.';
    const nl = 'Debian is een vrij besturingssysteem dat wordt ontwikkeld door een gemeenschap van vrijwilligers over de hele wereld.';
    assert.deepEqual([de, fr, it_, nl].map(detectLanguage), ['deu', 'fra', 'ita', 'nld']);
    assert.equal(isEnglish('short'), false, 'too short to tell is not English');
  });
});
