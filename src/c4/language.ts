/**
 * The English-only page rule. C4 keeps pages that langdetect calls English with probability at
 * least 0.99; langdetect has no maintained JavaScript port, so t5lab uses franc-min 6.2.0 (trigram
 * profiles of 82 languages, MIT; pinned exactly in package.json). franc returns the closest language,
 * not a probability, so a page is English when franc-min's best guess is `eng` — a looser test than
 * C4's, stated wherever the rule is shown.
 */
import { franc } from 'franc-min';

/** The language identifier named in the UI, docs and CLI output. */
export const LANGUAGE_ID = 'franc-min 6.2.0';

/** franc-min's ISO 639-3 code for the page text ('und' when it is too short to tell). */
export function detectLanguage(text: string): string {
  return franc(text);
}

/** True when franc-min's best guess for the text is English. */
export function isEnglish(text: string): boolean {
  return detectLanguage(text) === 'eng';
}
