/**
 * Reading grade of plain-language text (SPEC "handout": readingGrade is the Flesch-Kincaid grade, computed by a
 * maintained library). Counting is ours, the formula and syllables are the libraries': sentences end at . ! ? followed
 * by a space or the end, or at a line break (so headings count as their own line, and 2.5 is not split); words are
 * whitespace-separated tokens with a letter or digit; each word counts at least one syllable (the syllable library
 * gives 0 for numerals such as "90", which are read aloud as words).
 */
import { fleschKincaid } from 'flesch-kincaid';
import { syllable } from 'syllable';

const WORDY = /[\p{L}\p{N}]/u;

/** Sentences, words and syllables of a text, as counted for the Flesch-Kincaid grade. */
export function readabilityCounts(text: string): { sentence: number; word: number; syllable: number } {
  const sentences = text
    .split(/[.!?]+(?=\s|$)|\r?\n+/u)
    .map((s) => s.split(/\s+/u).filter((w) => WORDY.test(w)))
    .filter((words) => words.length > 0);
  const words = sentences.flat();
  return { sentence: sentences.length, word: words.length, syllable: words.reduce((sum, w) => sum + Math.max(1, syllable(w)), 0) };
}

/** Flesch-Kincaid grade level of the text, rounded to one decimal (0 for text without words). Library: flesch-kincaid + syllable. */
export function readingGrade(text: string): number {
  const counts = readabilityCounts(text);
  if (counts.word === 0) return 0;
  return Math.round(fleschKincaid(counts) * 10) / 10;
}
