import type { Language } from './languages';
import type { Token } from './tokenize';

/** The coarse tags candidate selection needs. Stop words never reach the tagger. */
export type PosTag = 'NOUN' | 'ADJ' | 'VERB' | 'ADV';

// A lexicon-plus-suffix-rules tagger for the content words of en, de and es. No maintained npm
// tagger covers the three languages on Node 20 (see the README), and noun-phrase selection only
// needs to tell nouns and adjectives from verbs and adverbs among words that are not stop words.

const EN_ADJECTIVES = new Set(
  'able big broad central dense nuclear solar sparse certain clear close common complex current deep different difficult direct early easy effective efficient entire equal essential exact existing extensive fast final fine free full general global good great hard heavy high huge important large late light likely limited linear local long low main major minor modern multiple narrow natural necessary normal novel open optimal original overall particular physical poor possible potential practical present previous primary prior private proper public quick rapid rare real recent relevant robust rough several short significant similar simple single slow small social soft special specific stable standard strong sufficient suitable total true typical unique unknown useful various visual whole wide young'.split(
    ' ',
  ),
);
const EN_VERBS = new Set(
  'achieve achieves achieved allow allows apply applies aim aims become becomes can compare compares consider considers contain contains demonstrate demonstrates depend depends describe describes determine determines develop develops discuss discusses enable enables evaluate evaluates explain explains explore explores find finds found focus focuses give gives gave given help helps identify identifies improve improves include includes indicate indicates introduce introduces investigate investigates involve involves lead leads lie lies obtain obtains occur occurs offer offers outperform outperforms perform performs present presents propose proposes provide provides reduce reduces remain remains represent represents require requires reveal reveals seem seems show shows shown solve solves suggest suggests take takes yield yields'.split(
    ' ',
  ),
);
// Nouns that end like adjectives or verbs.
const EN_NOUNS = new Set(
  'animal arrival capital chemical criminal festival hospital interval journal material mechanical metal potential proposal signal survival terminal total trial approval disposal individual manual professional rival period method fuel tunnel vessel panel channel model label level kernel pixel'.split(
    ' ',
  ),
);
const EN_ADJECTIVE_SUFFIX = /(?:al|ic|ive|ous|able|ible|ful|less|ary|ical|ian|ular|ish)$/;

const DE_VERB_SUFFIX = /(?:en|t|te|ten|st)$/;
const DE_ADJECTIVE_SUFFIX =
  /(?:ig|isch|lich|bar|sam|los|voll|haft|iv|al|ell|är|ar)(?:e|en|er|es|em)?$|(?:e|en|er|es|em)$/;

const ES_ADJECTIVES = new Set(
  'alto alta altos altas bajo baja bajos bajas buen bueno buena buenos buenas mayor mayores menor menores mejor mejores peor nuevo nueva nuevos nuevas gran grande grandes pequeño pequeña pequeños pequeñas largo larga corto corta solar solares nuclear nucleares celular celulares lineal lineales global globales local locales similar similares molecular moleculares'.split(
    ' ',
  ),
);
const ES_ADJECTIVE_SUFFIX =
  /(?:al|ales|ico|ica|icos|icas|ivo|iva|ivos|ivas|oso|osa|osos|osas|ble|bles|ado|ada|ados|adas|ido|ida|idos|idas|ario|aria|arios|arias|ano|ana|anos|anas|ente|entes|ante|antes|ista|istas)$/;
const ES_NOUNS = new Set(
  'animal animales capital canal canales señal señales material materiales metal metales modelo modelos método métodos estado estados mercado mercados sentido resultado resultados contenido partido tejido período periodo cliente clientes fuente fuentes corriente corrientes gente puente puentes estudiante estudiantes agente agentes parte partes base bases red redes datos'.split(
    ' ',
  ),
);
const ES_VERB_SUFFIX =
  /(?:ar|er|ir|amos|emos|imos|aron|ieron|aba|aban|ían|ará|erá|irá|arán|erán|irán|ando|iendo)$/;

/**
 * Tags the words of one run of content words (no stop words, no punctuation inside). English
 * and Spanish use a small lexicon, then suffixes, then default to noun; German uses its
 * capitalisation of nouns, then suffixes.
 */
export function tagRun(run: readonly Token[], language: Language): PosTag[] {
  if (language === 'de') return run.map((_, i) => tagGerman(run, i));
  return run.map((token) =>
    language === 'en' ? tagEnglish(token.lower) : tagSpanish(token.lower),
  );
}

function tagEnglish(word: string): PosTag {
  if (EN_NOUNS.has(word)) return 'NOUN';
  if (EN_ADJECTIVES.has(word)) return 'ADJ';
  if (EN_VERBS.has(word)) return 'VERB';
  if (word.length > 4 && word.endsWith('ly')) return 'ADV';
  if (word.length > 4 && word.endsWith('ed')) return 'VERB';
  if (word.length > 5 && EN_ADJECTIVE_SUFFIX.test(word)) return 'ADJ';
  // Gerunds inside phrases ("machine learning", "image processing") work as nouns.
  return 'NOUN';
}

function tagGerman(run: readonly Token[], i: number): PosTag {
  const token = run[i];
  const first = token.text.charAt(0);
  const capitalised = first !== first.toLowerCase();
  if (capitalised && !token.sentenceStart) return 'NOUN';
  if (capitalised) {
    // At a sentence start a capital says nothing: an adjective is followed by a noun.
    const next = run[i + 1];
    return next && DE_ADJECTIVE_SUFFIX.test(token.lower) && isCapitalised(next.text)
      ? 'ADJ'
      : 'NOUN';
  }
  const next = run[i + 1];
  if (next && isCapitalised(next.text) && DE_ADJECTIVE_SUFFIX.test(token.lower)) return 'ADJ';
  if (DE_VERB_SUFFIX.test(token.lower)) return 'VERB';
  return 'ADV';
}

function tagSpanish(word: string): PosTag {
  if (ES_NOUNS.has(word)) return 'NOUN';
  if (ES_ADJECTIVES.has(word)) return 'ADJ';
  if (word.length > 5 && word.endsWith('mente')) return 'ADV';
  if (word.length > 3 && ES_VERB_SUFFIX.test(word)) return 'VERB';
  if (word.length > 4 && ES_ADJECTIVE_SUFFIX.test(word)) return 'ADJ';
  return 'NOUN';
}

function isCapitalised(word: string): boolean {
  const first = word.charAt(0);
  return first !== first.toLowerCase();
}

/**
 * Whether a tag sequence is a noun phrase: adjectives then nouns (`ADJ* NOUN+`) in English and
 * German; in Spanish, where adjectives follow the noun, nouns then adjectives (`NOUN+ ADJ*`).
 */
export function isNounPhrase(tags: readonly PosTag[], language: Language): boolean {
  if (tags.length === 0) return false;
  let i = 0;
  if (language === 'es') {
    while (i < tags.length && tags[i] === 'NOUN') i++;
    if (i === 0) return false;
    while (i < tags.length && tags[i] === 'ADJ') i++;
    return i === tags.length;
  }
  while (i < tags.length && tags[i] === 'ADJ') i++;
  const nouns = i;
  while (i < tags.length && tags[i] === 'NOUN') i++;
  return i === tags.length && i > nouns;
}

/** The part-of-speech pattern of a phrase as a short code, e.g. `AN` for adjective + noun. */
export function patternCode(tags: readonly PosTag[]): string {
  return tags.map((tag) => tag.charAt(0)).join('');
}
