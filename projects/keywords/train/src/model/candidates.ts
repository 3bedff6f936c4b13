import { stem } from '../text/stem';
import type { Language } from '../text/languages';
import { isNounPhrase, patternCode, tagRun } from '../text/pos-tagger';
import { segment, type Token } from '../text/tokenize';

/** Which phrases are candidates: every n-gram of content words, or only noun phrases among them. */
export type CandidateMode = 'ngrams' | 'noun-phrases';

/** One candidate phrase of a document, counted under its normalised key. */
export interface Candidate {
  /** Lowercased, stemmed words: how phrases are compared (`solar panel`). */
  key: string;
  /** Words in the phrase. */
  length: number;
  /** Occurrences in the document. */
  frequency: number;
  /** Index of the first word of the first occurrence. */
  firstPosition: number;
  /** Index of the first word of the last occurrence. */
  lastPosition: number;
  /** Whether its first occurrence is tagged as a noun phrase (see `isNounPhrase`). */
  nounPhrase: boolean;
  /** Part-of-speech pattern of its first occurrence, e.g. `AN`. */
  pattern: string;
  /** Surface forms with their counts, to show the phrase as it was written. */
  forms: Map<string, number>;
}

/** Options for {@link extractCandidates}. */
export interface CandidateOptions {
  language: Language;
  stopWords: ReadonlySet<string>;
  ngramRange: readonly [number, number];
  /** Default: `ngrams`. */
  mode?: CandidateMode;
}

const NUMBER = /^[\p{N}.,'’-]+$/u;

/**
 * Every phrase of the text that KP-Miner may consider: sequences of n words (n within the
 * range) not interrupted by punctuation, a stop word or a bare number; with mode
 * `noun-phrases`, only those whose part-of-speech tags form a noun phrase.
 */
export function extractCandidates(text: string, options: CandidateOptions): Map<string, Candidate> {
  const [minLength, maxLength] = options.ngramRange;
  const candidates = new Map<string, Candidate>();
  const nounPhrasesOnly = options.mode === 'noun-phrases';
  for (const run of contentRuns(text, options.stopWords)) {
    const stems = run.map((token) => stem(token.lower, options.language));
    const tags = tagRun(run, options.language);
    for (let start = 0; start < run.length; start++) {
      for (let length = minLength; length <= maxLength && start + length <= run.length; length++) {
        const phraseTags = tags.slice(start, start + length);
        const nounPhrase = isNounPhrase(phraseTags, options.language);
        if (nounPhrasesOnly && !nounPhrase) continue;
        const key = stems.slice(start, start + length).join(' ');
        const form = surfaceForm(run.slice(start, start + length));
        const candidate = candidates.get(key);
        if (candidate) {
          candidate.frequency++;
          candidate.lastPosition = run[start].index;
          candidate.forms.set(form, (candidate.forms.get(form) ?? 0) + 1);
        } else {
          candidates.set(key, {
            key,
            length,
            frequency: 1,
            firstPosition: run[start].index,
            lastPosition: run[start].index,
            nounPhrase,
            pattern: patternCode(phraseTags),
            forms: new Map([[form, 1]]),
          });
        }
      }
    }
  }
  return candidates;
}

function* contentRuns(text: string, stopWords: ReadonlySet<string>): Generator<Token[]> {
  for (const words of segment(text)) {
    let run: Token[] = [];
    for (const token of words) {
      if (stopWords.has(token.lower) || NUMBER.test(token.text) || token.text.length < 2) {
        if (run.length > 0) yield run;
        run = [];
      } else {
        run.push(token);
      }
    }
    if (run.length > 0) yield run;
  }
}

// A capital that only marks the start of a sentence is not part of the phrase.
function surfaceForm(tokens: Token[]): string {
  return tokens
    .map((token, i) =>
      i === 0 && token.sentenceStart && !isAllCaps(token.text)
        ? lowerFirst(token.text)
        : token.text,
    )
    .join(' ');
}

function isAllCaps(word: string): boolean {
  return word.length > 1 && word === word.toUpperCase();
}

function lowerFirst(word: string): string {
  return word.charAt(0).toLowerCase() + word.slice(1);
}

/** The form written most often; ties go to the first seen. */
export function displayForm(candidate: Candidate): string {
  let best = '';
  let count = 0;
  for (const [form, seen] of candidate.forms) {
    if (seen > count) {
      best = form;
      count = seen;
    }
  }
  return best;
}
