import { seededRandom } from '@mesh/sequence';

/** One generated sentence: tokens and IOB2 tags. */
export interface GeneratedSentence {
  tokens: string[];
  tags: string[];
}

const SYLLABLES =
  'ka,lo,mi,ran,tel,vo,der,sun,bel,gor,pi,na,tor,lin,mar,ves,quo,zen,hal,ber,cor,dan,ek,fi,gu'.split(
    ',',
  );
const VERBS =
  'said,told,met,visited,beat,signed,reported,announced,left,joined,criticised,praised'.split(',');
const FUNCTION = 'the,a,of,in,on,at,for,with,and,to,from,by,after,before,that,on'.split(',');
const NOUNS =
  'government,team,match,deal,season,talks,shares,price,market,minister,club,officials,police,company,bank,week,year,goal,points,percent'.split(
    ',',
  );
const MONTHS =
  'January,February,March,April,May,June,July,August,September,October,November,December'.split(
    ',',
  );
const ORG_SUFFIX = ['Corp', 'Inc', 'Bank', 'United', 'Party', 'Group', 'Airlines'];
const MISC_SUFFIX = ['Cup', 'Open', 'Games', 'Championship'];

/**
 * A newswire-like corpus of CoNLL-2003's shape: ~15k sentences, ~200k tokens with the default
 * size, a vocabulary of tens of thousands of words, four entity types (PER, LOC, ORG, MISC),
 * long sentences, all-caps headlines, numbers and dates. Names are made of random syllables, so
 * the tagger must learn from shape and context, not memorise a list.
 */
export function generateCorpus(tokens: number, seed: number): GeneratedSentence[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const word = (parts: number) => Array.from({ length: parts }, () => pick(SYLLABLES)).join('');
  const name = (parts: number) => {
    const w = word(parts);
    return w[0].toUpperCase() + w.slice(1);
  };
  const pools = {
    PER: Array.from({ length: 6000 }, () => name(2 + Math.floor(random() * 2))),
    LOC: Array.from({ length: 2500 }, () => name(2 + Math.floor(random() * 2))),
    ORG: Array.from({ length: 2500 }, () => name(2)),
    MISC: Array.from({ length: 1500 }, () => name(2) + pick(['ian', 'ese', 'ish'])),
    lower: Array.from({ length: 9000 }, () => word(2 + Math.floor(random() * 2))),
  };
  const entity = (type: 'PER' | 'LOC' | 'ORG' | 'MISC'): GeneratedSentence => {
    const words =
      type === 'PER'
        ? random() < 0.6
          ? [pick(pools.PER), pick(pools.PER)]
          : [pick(pools.PER)]
        : type === 'ORG'
          ? random() < 0.5
            ? [pick(pools.ORG), pick(ORG_SUFFIX)]
            : [pick(pools.ORG)]
          : type === 'MISC'
            ? random() < 0.3
              ? [pick(pools.LOC), pick(MISC_SUFFIX)]
              : [pick(pools.MISC)]
            : random() < 0.2
              ? ['New', pick(pools.LOC)]
              : [pick(pools.LOC)];
    return { tokens: words, tags: words.map((_, i) => `${i === 0 ? 'B' : 'I'}-${type}`) };
  };
  const filler = (): GeneratedSentence => {
    const r = random();
    const token =
      r < 0.35
        ? pick(FUNCTION)
        : r < 0.55
          ? pick(NOUNS)
          : r < 0.65
            ? pick(VERBS)
            : r < 0.72
              ? String(Math.floor(random() * 1000))
              : r < 0.75
                ? `${pick(MONTHS)}`
                : r < 0.8
                  ? pick([',', '.', '(', ')', '"', '-'])
                  : pick(pools.lower);
    return { tokens: [token], tags: ['O'] };
  };
  const sentences: GeneratedSentence[] = [];
  let total = 0;
  while (total < tokens) {
    const length =
      random() < 0.05 ? 100 + Math.floor(random() * 40) : 4 + Math.floor(random() * 22);
    const sentence: GeneratedSentence = { tokens: [], tags: [] };
    while (sentence.tokens.length < length) {
      const r = random();
      const part =
        r < 0.06
          ? entity('PER')
          : r < 0.1
            ? entity('LOC')
            : r < 0.13
              ? entity('ORG')
              : r < 0.15
                ? entity('MISC')
                : filler();
      if (part.tags[0] !== 'O' && r < 0.06) {
        const cue = pick(['Mr', 'President', 'coach', '']);
        if (cue) {
          sentence.tokens.push(cue);
          sentence.tags.push('O');
        }
      }
      sentence.tokens.push(...part.tokens);
      sentence.tags.push(...part.tags);
    }
    if (random() < 0.08) sentence.tokens = sentence.tokens.map((token) => token.toUpperCase());
    sentence.tokens.push('.');
    sentence.tags.push('O');
    sentences.push(sentence);
    total += sentence.tokens.length;
  }
  return sentences;
}

/** CoNLL column text of sentences: `token POS tag`, blank lines between sentences. */
export function toConll(sentences: readonly GeneratedSentence[]): string {
  return (
    '-DOCSTART- -X- O\n\n' +
    sentences
      .map((s) => s.tokens.map((token, i) => `${token} NN ${s.tags[i]}`).join('\n'))
      .join('\n\n') +
    '\n'
  );
}
