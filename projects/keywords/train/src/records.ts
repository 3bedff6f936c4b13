import { isLanguage, LANGUAGES, type Language } from './text/languages';

/** A line of the training corpus (`data/corpus.jsonl`). */
export interface CorpusRecord {
  id: string;
  lang: Language;
  title?: string;
  text: string;
  /** Gold keyphrases, when the corpus has them: the supervised ranker learns from them. */
  keyphrases?: string[];
}

/** A line of the evaluation set (`data/eval.jsonl`): a text and its gold keyphrases. */
export interface EvaluationRecord {
  id: string;
  lang: Language;
  title?: string;
  text: string;
  keyphrases: string[];
}

function object(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('expected a JSON object');
  return value as Record<string, unknown>;
}

function text(record: Record<string, unknown>, field: string): string {
  const value = record[field];
  if (typeof value !== 'string' || value.trim() === '')
    throw new Error(`field "${field}" must be a non-empty string`);
  return value;
}

function language(record: Record<string, unknown>): Language {
  if (!isLanguage(record.lang)) {
    throw new Error(
      `field "lang" must be one of ${LANGUAGES.join(', ')} (got ${JSON.stringify(record.lang)})`,
    );
  }
  return record.lang;
}

function keyphraseList(record: Record<string, unknown>): string[] {
  const keyphrases = record.keyphrases;
  if (
    !Array.isArray(keyphrases) ||
    keyphrases.length === 0 ||
    keyphrases.some((phrase) => typeof phrase !== 'string' || phrase.trim() === '')
  ) {
    throw new Error('field "keyphrases" must be a non-empty array of non-empty strings');
  }
  return keyphrases as string[];
}

/** Checks one corpus line; the error message names the offending field. */
export function parseCorpusRecord(value: unknown): CorpusRecord {
  const record = object(value);
  return {
    id: text(record, 'id'),
    lang: language(record),
    title: typeof record.title === 'string' ? record.title : undefined,
    text: text(record, 'text'),
    ...(record.keyphrases === undefined ? {} : { keyphrases: keyphraseList(record) }),
  };
}

/** Checks one evaluation line; the error message names the offending field. */
export function parseEvaluationRecord(value: unknown): EvaluationRecord {
  const record = object(value);
  return {
    id: text(record, 'id'),
    lang: language(record),
    title: typeof record.title === 'string' ? record.title : undefined,
    text: text(record, 'text'),
    keyphrases: keyphraseList(record),
  };
}
