/**
 * The bad-words page rule: C4 drops any page containing a term of the English LDNOOBW list
 * standing on its own (c4_utils `get_badwords_filter_fn`: the term flanked by non-word characters
 * or the text's ends, on the lower-cased page text).
 */
import { LDNOOBW_EN } from './ldnoobwEn.generated.ts';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A matcher for `words` (lower case): returns the first term found in a text, or undefined. */
export function badWordMatcher(words: readonly string[] = LDNOOBW_EN): (text: string) => string | undefined {
  if (words.length === 0) return () => undefined;
  // Longest first so that a phrase wins over a word it starts with; the match reported is the term.
  const sorted = [...words].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const re = new RegExp(`(?:\\W|^)(${sorted.join('|')})(?:\\W|$)`);
  return (text) => re.exec(text.toLowerCase())?.[1];
}

/** The number of terms in the bundled list. */
export const BAD_WORD_COUNT = LDNOOBW_EN.length;
