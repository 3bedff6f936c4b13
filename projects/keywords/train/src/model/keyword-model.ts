import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { detectLanguage } from '../text/detect-language';
import { isLanguage, LANGUAGES, type Language } from '../text/languages';
import { extractCandidates } from './candidates';
import { rankCandidates, type Keyphrase, type LanguageStatistics } from './kp-miner';
import { stopWordsFor, type KeywordParams } from './params';

/** Identifies the artifact format; a loader refuses any other. */
export const MODEL_FORMAT = 'mesh.keywords.kp-miner/1';

/** The artifact as stored: params and per-language document frequencies, keys sorted. */
export interface KeywordModelFile {
  format: typeof MODEL_FORMAT;
  params: KeywordParams;
  languages: Partial<
    Record<Language, { documents: number; documentFrequency: Record<string, number> }>
  >;
}

/** Options of one extraction. */
export interface ExtractOptions {
  /** The text's language. Default: detected among the model's languages. */
  language?: Language;
  /** Keyphrases to return. Default: the model's `topN`. */
  topN?: number;
}

/** A trained keyword extractor: KP-Miner with corpus statistics per language. */
export class KeywordModel {
  constructor(
    readonly params: KeywordParams,
    private readonly statistics: ReadonlyMap<Language, LanguageStatistics>,
  ) {}

  /** The languages the model has statistics for. */
  get languages(): Language[] {
    return LANGUAGES.filter((language) => this.statistics.has(language));
  }

  /** The best keyphrases of a text, most relevant first. */
  extract(text: string, options: ExtractOptions = {}): Keyphrase[] {
    const language = options.language ?? detectLanguage(text, this.languages);
    const statistics = this.statistics.get(language);
    if (!statistics) {
      throw new Error(
        `the model has no statistics for language "${language}" (it has ${this.languages.join(', ')})`,
      );
    }
    const stopWords = stopWordsFor(this.params.stopWords, language);
    const candidates = extractCandidates(text, {
      language,
      stopWords,
      ngramRange: this.params.ngramRange,
    });
    return rankCandidates(candidates, statistics, {
      ...this.params,
      topN: options.topN ?? this.params.topN,
    });
  }

  /** The stored form, deterministic: the same model always gives the same bytes. */
  toFile(): KeywordModelFile {
    const languages: KeywordModelFile['languages'] = {};
    for (const language of this.languages) {
      const { documents, documentFrequency } = this.statistics.get(language)!;
      const sorted = [...documentFrequency].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      languages[language] = { documents, documentFrequency: Object.fromEntries(sorted) };
    }
    return { format: MODEL_FORMAT, params: this.params, languages };
  }

  /** Writes the model to `path` atomically (a temporary file renamed into place). */
  save(path: string): void {
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.tmp-${process.pid}`;
    writeFileSync(temporary, `${JSON.stringify(this.toFile())}\n`);
    renameSync(temporary, path);
  }

  /** Reads a model written by {@link KeywordModel.save}, refusing other formats. */
  static load(path: string): KeywordModel {
    let file: KeywordModelFile;
    try {
      file = JSON.parse(readFileSync(path, 'utf8')) as KeywordModelFile;
    } catch (error) {
      throw new Error(`${path}: not a readable keyword model (${(error as Error).message})`, {
        cause: error,
      });
    }
    return KeywordModel.fromFile(file, path);
  }

  /** Builds a model from its stored form. */
  static fromFile(file: KeywordModelFile, source = 'model'): KeywordModel {
    if (file?.format !== MODEL_FORMAT) {
      throw new Error(`${source}: format ${JSON.stringify(file?.format)} is not ${MODEL_FORMAT}`);
    }
    const statistics = new Map<Language, LanguageStatistics>();
    for (const [language, stats] of Object.entries(file.languages)) {
      if (!isLanguage(language) || !stats)
        throw new Error(`${source}: unknown language ${JSON.stringify(language)}`);
      statistics.set(language, {
        documents: stats.documents,
        documentFrequency: new Map(Object.entries(stats.documentFrequency)),
      });
    }
    return new KeywordModel(
      { ...file.params, ngramRange: [file.params.ngramRange[0], file.params.ngramRange[1]] },
      statistics,
    );
  }
}
