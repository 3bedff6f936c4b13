import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sigmoid } from '@mesh/ml';
import { writeArtifactFileSync } from '@mesh/model-store';
import { detectLanguage } from '../text/detect-language';
import { isLanguage, LANGUAGES, type Language } from '../text/languages';
import { displayForm, extractCandidates, type Candidate } from './candidates';
import { candidateFeatures } from './features';
import {
  compare,
  kpMinerScores,
  rankCandidates,
  round,
  type Keyphrase,
  type LanguageStatistics,
} from './kp-miner';
import { stopWordsFor, type KeywordParams } from './params';
import { rankerScore, type RankerFile } from './ranker';
import { countWords } from '../text/tokenize';

/** Identifies the artifact format; a loader refuses any other. */
export const MODEL_FORMAT = 'mesh.keywords/2';

/** The first format (KP-Miner only, n-gram candidates), still loaded. */
export const MODEL_FORMAT_V1 = 'mesh.keywords.kp-miner/1';

/** Corpus statistics of one language, with what the supervised ranker learnt from gold keyphrases. */
export interface ModelStatistics extends LanguageStatistics {
  /** Training documents that list each key among their gold keyphrases (KEA's keyphraseness). */
  keyphraseness: ReadonlyMap<string, number>;
}

/** The artifact as stored: params, per-language statistics (keys sorted) and the ranker if any. */
export interface KeywordModelFile {
  format: typeof MODEL_FORMAT | typeof MODEL_FORMAT_V1;
  params: KeywordParams;
  languages: Partial<
    Record<
      Language,
      {
        documents: number;
        documentFrequency: Record<string, number>;
        keyphraseness?: Record<string, number>;
      }
    >
  >;
  /** Present when the model was trained on gold keyphrases: the supervised ranker. */
  ranker?: RankerFile;
}

/** Options of one extraction. */
export interface ExtractOptions {
  /** The text's language. Default: detected among the model's languages. */
  language?: Language;
  /** Keyphrases to return. Default: the model's `topN`. */
  topN?: number;
  /** The document's title, a feature of the supervised ranker. Default: none. */
  title?: string;
}

/** One candidate of a document with its ranker features. */
export interface CandidateRow {
  candidate: Candidate;
  kpMiner: number;
  features: number[];
}

/**
 * A trained keyword extractor: KP-Miner with corpus statistics per language, and, when trained
 * on gold keyphrases, a supervised ranker over candidate features.
 */
export class KeywordModel {
  constructor(
    readonly params: KeywordParams,
    private readonly statistics: ReadonlyMap<Language, ModelStatistics>,
    readonly ranker?: RankerFile,
  ) {}

  /** The languages the model has statistics for. */
  get languages(): Language[] {
    return LANGUAGES.filter((language) => this.statistics.has(language));
  }

  /** `supervised` when it has a ranker, else `kp-miner`. */
  get method(): 'supervised' | 'kp-miner' {
    return this.ranker ? 'supervised' : 'kp-miner';
  }

  /** The same statistics with other params and ranker (how tuning tries settings). */
  with(params: KeywordParams, ranker?: RankerFile): KeywordModel {
    return new KeywordModel(params, this.statistics, ranker);
  }

  /** The statistics of one language, or an error naming the model's languages. */
  statisticsOf(language: Language): ModelStatistics {
    const statistics = this.statistics.get(language);
    if (!statistics) {
      throw new Error(
        `the model has no statistics for language "${language}" (it has ${this.languages.join(', ')})`,
      );
    }
    return statistics;
  }

  /** The best keyphrases of a text, most relevant first. */
  extract(text: string, options: ExtractOptions = {}): Keyphrase[] {
    const language = options.language ?? detectLanguage(text, this.languages);
    const topN = options.topN ?? this.params.topN;
    if (!this.ranker) {
      const statistics = this.statisticsOf(language);
      return rankCandidates(this.candidates(text, language), statistics, { ...this.params, topN });
    }
    const ranker = this.ranker;
    return this.candidateRows(text, language, options.title)
      .map((row) => ({ row, score: rankerScore(ranker, row.features) }))
      .sort((a, b) => compare(b.score, a.score, a.row.candidate, b.row.candidate))
      .slice(0, topN)
      .map(({ row, score }) => ({
        phrase: displayForm(row.candidate),
        key: row.candidate.key,
        score: round(sigmoid(score)),
      }));
  }

  /** The candidates of a text under the model's params. */
  candidates(text: string, language: Language): Map<string, Candidate> {
    return extractCandidates(text, {
      language,
      stopWords: stopWordsFor(this.params.stopWords, language),
      ngramRange: this.params.ngramRange,
      mode: this.params.candidates,
    });
  }

  /**
   * The candidates KP-Miner keeps (cutoff, minimum frequency) with their ranker features;
   * `keyphrasenessOffset` gives, per key, what to take off its keyphraseness (see features).
   */
  candidateRows(
    text: string,
    language: Language,
    title?: string,
    keyphrasenessOffset?: (key: string) => number,
  ): CandidateRow[] {
    const statistics = this.statisticsOf(language);
    const candidates = this.candidates(text, language);
    const scores = kpMinerScores(candidates, statistics, this.params);
    const context = {
      statistics,
      keyphraseness: statistics.keyphraseness,
      titleKeys: new Set(title ? this.candidates(title, language).keys() : []),
      words: countWords(text),
    };
    const rows: CandidateRow[] = [];
    for (const [key, kpMiner] of scores) {
      const candidate = candidates.get(key)!;
      rows.push({
        candidate,
        kpMiner,
        features: candidateFeatures(candidate, kpMiner, context, keyphrasenessOffset?.(key) ?? 0),
      });
    }
    return rows;
  }

  /** The stored form, deterministic: the same model always gives the same bytes. */
  toFile(): KeywordModelFile {
    const languages: KeywordModelFile['languages'] = {};
    for (const language of this.languages) {
      const { documents, documentFrequency, keyphraseness } = this.statistics.get(language)!;
      languages[language] = {
        documents,
        documentFrequency: sortedRecord(documentFrequency, this.params.ngramRange[1]),
        ...(this.ranker ? { keyphraseness: sortedRecord(keyphraseness) } : {}),
      };
    }
    return {
      format: MODEL_FORMAT,
      params: this.params,
      languages,
      ...(this.ranker ? { ranker: this.ranker } : {}),
    };
  }

  /** Writes the model to `path` atomically (a temporary file renamed into place). */
  save(path: string): void {
    mkdirSync(dirname(path), { recursive: true });
    writeArtifactFileSync(path, `${JSON.stringify(this.toFile())}\n`, { atomic: true });
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
    if (file?.format !== MODEL_FORMAT && file?.format !== MODEL_FORMAT_V1) {
      throw new Error(`${source}: format ${JSON.stringify(file?.format)} is not ${MODEL_FORMAT}`);
    }
    const statistics = new Map<Language, ModelStatistics>();
    for (const [language, stats] of Object.entries(file.languages)) {
      if (!isLanguage(language) || !stats)
        throw new Error(`${source}: unknown language ${JSON.stringify(language)}`);
      statistics.set(language, {
        documents: stats.documents,
        documentFrequency: new Map(Object.entries(stats.documentFrequency)),
        keyphraseness: new Map(Object.entries(stats.keyphraseness ?? {})),
      });
    }
    return new KeywordModel(
      {
        ...file.params,
        // Version 1 files predate noun-phrase candidates.
        candidates: file.params.candidates ?? 'ngrams',
        ngramRange: [file.params.ngramRange[0], file.params.ngramRange[1]],
      },
      statistics,
      file.ranker,
    );
  }
}

// Sorted keys keep the file deterministic; phrases longer than the model's longest candidate
// (counted while trying longer ranges) are never looked up, so they are not stored.
function sortedRecord(
  map: ReadonlyMap<string, number>,
  maxWords = Infinity,
): Record<string, number> {
  const entries = [...map].filter(([key]) => key.split(' ').length <= maxWords);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}
