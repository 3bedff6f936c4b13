import { SeededRandom } from '@mesh/nn';
import type { WPEdit } from './wp-edit';

/**
 * Synthetic but realistic Wikipedia edits for tests, the shipped sample sets and benchmarks:
 * short wiki-markup articles, legit edits (sourced additions, copyedits, links, categories,
 * reverts) and vandalism (insults, nonsense, blanking, caps, repeated characters, removed
 * references), with user and page metadata whose distributions overlap between the classes
 * as on the real site (anonymous good-faith editors, registered vandals), and label noise.
 */
export function syntheticEdits(count: number, seed: number, vandalShare = 0.5): WPEdit[] {
  const random = new SeededRandom(seed);
  const edits: WPEdit[] = [];
  for (let k = 0; k < count; k++)
    edits.push(syntheticEdit(random, seed * 1_000_000 + k, vandalShare));
  return edits;
}

const TOPICS = [
  ['river', 'valley', 'bridge', 'flood', 'tributary', 'basin', 'delta'],
  ['album', 'band', 'guitarist', 'single', 'tour', 'label', 'chart'],
  ['footballer', 'club', 'season', 'goals', 'league', 'transfer', 'cup'],
  ['church', 'parish', 'bishop', 'chapel', 'architecture', 'century', 'restoration'],
  ['species', 'genus', 'habitat', 'beetle', 'forest', 'larvae', 'described'],
  ['politician', 'election', 'party', 'council', 'minister', 'constituency', 'vote'],
  ['railway', 'station', 'line', 'platform', 'locomotive', 'opened', 'junction'],
];
const FILLER = [
  'the',
  'was',
  'in',
  'of',
  'and',
  'a',
  'to',
  'is',
  'by',
  'its',
  'from',
  'with',
  'which',
  'during',
  'after',
  'first',
  'later',
  'between',
  'several',
  'local',
  'national',
  'known',
  'built',
  'named',
  'located',
  'north',
  'south',
  'major',
  'early',
  'main',
  'original',
];
const NAMES = ['Smith', 'Garcia', 'Müller', 'Okafor', 'Nakamura', 'Rossi', 'Kowalski', 'Haddad'];
const PLACES = ['Lancashire', 'Bavaria', 'Ontario', 'Kerala', 'Patagonia', 'Tasmania', 'Silesia'];
const INSULTS = [
  'is gay',
  'sucks',
  'is stupid',
  'is a loser',
  'smells',
  'is fat',
  'poop',
  'butt',
  'is the best',
  'was here',
  'is awesome lol',
  'i love you',
  'hi mom',
  'penis',
];
const NONSENSE = ['asdf', 'jkjkjk', 'lolol', 'blah blah', 'qwerty', 'hahaha', 'yolo', 'xd'];
const GOOD_COMMENTS = [
  'copyedit',
  'added reference',
  '/* History */ expanded',
  'fix typo',
  'update statistics',
  'added category',
  'wikilink',
  '/* Career */ sourced',
  'Reverted edits by vandal',
  'tidy up',
];

function pick<T>(random: SeededRandom, items: readonly T[]): T {
  return items[Math.floor(random.next() * items.length)];
}

function sentence(random: SeededRandom, topic: string[]): string {
  const words: string[] = [];
  const length = 8 + Math.floor(random.next() * 10);
  for (let k = 0; k < length; k++) {
    const r = random.next();
    if (r < 0.3) words.push(pick(random, topic));
    else if (r < 0.38) words.push(`[[${pick(random, PLACES)}]]`);
    else if (r < 0.42) words.push(pick(random, NAMES));
    else if (r < 0.46) words.push(String(1800 + Math.floor(random.next() * 220)));
    else words.push(pick(random, FILLER));
  }
  const text = words.join(' ');
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

function article(random: SeededRandom, topic: string[], title: string): string {
  const paragraphs = [`'''${title}''' is a ${pick(random, topic)} in [[${pick(random, PLACES)}]].`];
  const count = 2 + Math.floor(random.next() * 3);
  for (let p = 0; p < count; p++) {
    const sentences = Array.from({ length: 2 + Math.floor(random.next() * 2) }, () =>
      sentence(random, topic),
    );
    if (random.next() < 0.6)
      sentences.push(`<ref>{{cite web |title=${pick(random, topic)} |year=2019}}</ref>`);
    paragraphs.push(`${p === 1 ? '== History ==\n' : ''}${sentences.join(' ')}`);
  }
  paragraphs.push(`[[Category:${pick(random, PLACES)}]]`);
  return paragraphs.join('\n\n');
}

function insertAt(random: SeededRandom, text: string, insertion: string): string {
  const breaks = [...text.matchAll(/[.\n] /g)].map((m) => (m.index ?? 0) + 1);
  const at = breaks.length > 0 ? pick(random, breaks) : text.length;
  return `${text.slice(0, at)} ${insertion}${text.slice(at)}`;
}

function legitChange(
  random: SeededRandom,
  text: string,
  topic: string[],
): { text: string; comment: string } {
  const r = random.next();
  if (r < 0.3) {
    const addition = `${sentence(random, topic)}<ref>{{cite news |title=${pick(random, topic)} report |year=${2000 + Math.floor(random.next() * 24)}}}</ref>`;
    return { text: insertAt(random, text, addition), comment: pick(random, GOOD_COMMENTS) };
  }
  if (r < 0.5) {
    const word = pick(random, FILLER);
    return { text: text.replace(` ${word} `, ` ${pick(random, FILLER)} `), comment: 'copyedit' };
  }
  if (r < 0.62)
    return { text: `${text}\n[[Category:${pick(random, topic)}s]]`, comment: 'added category' };
  if (r < 0.75) {
    const word = pick(random, topic);
    return { text: text.replace(word, `[[${word}]]`), comment: 'wikilink' };
  }
  if (r < 0.85) return { text: insertAt(random, text, sentence(random, topic)), comment: '' };
  if (r < 0.93) {
    // Good-faith but unsourced, informal addition: legit, yet looks like a new user's edit.
    return {
      text: insertAt(
        random,
        text,
        `It is one of the most ${pick(random, ['popular', 'famous', 'important'])} ${pick(random, topic)}s in the area.`,
      ),
      comment: '',
    };
  }
  return {
    text: text.replace(/\d{4}/, String(1800 + Math.floor(random.next() * 220))),
    comment: 'update',
  };
}

function vandalChange(
  random: SeededRandom,
  text: string,
  topic: string[],
): { text: string; comment: string } {
  const r = random.next();
  const name = pick(random, ['Jake', 'Tyler', 'Mr Brown', 'Emily', 'Josh', 'my teacher']);
  if (r < 0.3)
    return { text: insertAt(random, text, `${name} ${pick(random, INSULTS)}`), comment: '' };
  if (r < 0.42) {
    const shout =
      `${name} ${pick(random, INSULTS)}`.toUpperCase() +
      '!'.repeat(1 + Math.floor(random.next() * 6));
    return { text: insertAt(random, text, shout), comment: '' };
  }
  if (r < 0.52) return { text: `${pick(random, NONSENSE)} ${pick(random, NONSENSE)}`, comment: '' };
  if (r < 0.62) {
    const letters = pick(random, ['a', 'o', 'l', 'z']).repeat(5 + Math.floor(random.next() * 20));
    return { text: insertAt(random, text, `${pick(random, NONSENSE)}${letters}`), comment: '' };
  }
  if (r < 0.72)
    return { text: text.replace(/<ref>.*?<\/ref>/g, ''), comment: pick(random, ['', 'fix']) };
  if (r < 0.82) {
    // Subtle: a plausible-looking false fact.
    return {
      text: text.replace(/\d{4}/, String(2030 + Math.floor(random.next() * 50))),
      comment: 'fixed',
    };
  }
  if (r < 0.9)
    return {
      text: insertAt(random, text, `${sentence(random, topic)} ${pick(random, NONSENSE)}`),
      comment: '',
    };
  return {
    text: text.replace(/'''[^']+'''/, `'''${name} ${pick(random, INSULTS)}'''`),
    comment: '',
  };
}

function ip(random: SeededRandom): string {
  return Array.from({ length: 4 }, () => Math.floor(random.next() * 256)).join('.');
}

function syntheticEdit(random: SeededRandom, id: number, vandalShare: number): WPEdit {
  const vandal = random.next() < vandalShare;
  const topic = pick(random, TOPICS);
  const title = `${pick(random, NAMES)} ${topic[0]}`;
  const now = 1_600_000_000 + Math.floor(random.next() * 100_000_000);
  const creation = !vandal && random.next() < 0.04;
  const previous = creation ? '' : article(random, topic, title);
  const change = creation
    ? { text: article(random, topic, title), comment: 'new article' }
    : vandal
      ? vandalChange(random, previous, topic)
      : legitChange(random, previous, topic);
  // Users: vandals are mostly anonymous or new; legit editors mostly established. Both overlap.
  const anonymous = random.next() < (vandal ? 0.75 : 0.3);
  const experienced = !anonymous && random.next() < (vandal ? 0.1 : 0.75);
  const editCount = anonymous
    ? 0
    : Math.floor(experienced ? 10 ** (2 + random.next() * 3) : random.next() * 40);
  const accountAgeDays = anonymous
    ? 0
    : experienced
      ? 100 + random.next() * 4000
      : random.next() * 60;
  const warns = vandal
    ? Math.floor(random.next() * random.next() * 6)
    : random.next() < 0.05
      ? 1
      : 0;
  const user = anonymous ? ip(random) : `${pick(random, NAMES)}${Math.floor(random.next() * 1000)}`;
  // Label noise: a few reviewers' disagreements.
  const label = random.next() < 0.03 ? !vandal : vandal;
  return {
    editType: 'change',
    editId: String(id),
    comment: change.comment,
    user,
    userEditCount: editCount,
    userDistinctPages: Math.floor(editCount * (0.2 + random.next() * 0.5)),
    userWarns: warns,
    prevUser: random.next() < 0.1 ? user : `${pick(random, NAMES)}Bot`,
    userRegTime: anonymous ? 0 : Math.floor(now - accountAgeDays * 86_400),
    pageMadeTime: Math.floor(now - (30 + random.next() * 6000) * 86_400),
    title,
    namespace: random.next() < 0.92 ? 'main' : pick(random, ['talk', 'user', 'wikipedia']),
    creator: `${pick(random, NAMES)}${Math.floor(random.next() * 1000)}`,
    numRecentEdits: Math.floor(random.next() * (vandal ? 30 : 12)),
    numRecentReversions: Math.floor(random.next() * random.next() * (vandal ? 8 : 3)),
    current: { timestamp: now, text: change.text, minor: !vandal && random.next() < 0.2 },
    previous: { timestamp: creation ? 0 : now - 3600, text: previous, minor: false },
    isVandalism: label,
    raw: {},
  };
}
