// Builds the shipped data (train.conll, eval.conll) from templates.txt and the name lists below,
// all written for mesh and released under CC0. Deterministic: `node data/make-data.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
let state = 20240901;
const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
const pick = (items) => items[Math.floor(random() * items.length)];

// Two disjoint pools per type: the evaluation sentences use names the training never saw.
const POOLS = {
  train: {
    PER: [
      'Anna Lindqvist',
      'Marco Bellini',
      'Okafor',
      'Helen Marsh',
      'Tomas Hradek',
      'Yuki Saito',
      'Peter Vance',
      'Ruth Adeyemi',
      'Jonas',
      'Carla Mendes',
      'Ivan Petrov',
      "Sarah O'Neill",
      'Dmitri Volkov',
      'Lena Brandt',
      'Kofi Mensah',
      'Rafael Soto',
      'Greta Holm',
      'Hassan Idris',
      'Mills',
      'Nadia Farouk',
      'Paul Renard',
      'Ingrid Berg',
      'Li Wei',
      'Abel Kiprono',
      'Martin Kessler',
      'Rosa Delgado',
      'Erik Dahl',
      'Fatima Zahra',
      'Owen Price',
      'Alain Dubois',
    ],
    LOC: [
      'Vienna',
      'Nairobi',
      'Lisbon',
      'Ohio',
      'Bangkok',
      'New Zealand',
      'Sweden',
      'Canada',
      'Hamburg',
      'Lake Geneva',
      'Peru',
      'Kenya',
      'Chicago',
      'Poland',
      'Texas',
      'Oslo',
      'Morocco',
      'Sydney',
      'Brazil',
      'Turin',
      'Egypt',
      'Manila',
      'Scotland',
      'Denver',
      'Hungary',
    ],
    ORG: [
      'Norvik Steel',
      'Alder Bank',
      'Real Castellon',
      'United Nations',
      'Brightwater Holdings',
      'FC Tarrow',
      'Kestrel Airlines',
      'Orion Motors',
      'Central Bank',
      'Helix Pharma',
      'Dunmore Rovers',
      'Parliament',
      'Red Cross',
      'Vantage Telecom',
      'Stock Exchange',
      'Meridian Group',
      'Harlow United',
      'Lumen Energy',
      'NATO',
      'Pacific Freight',
    ],
    MISC: [
      'German',
      'French',
      'Olympic',
      'European',
      'Brazilian',
      'Japanese',
      'Kenyan',
      'Swiss',
      'World Cup',
      'Asian',
      'Dutch',
      'Canadian',
      'Polish',
      'Egyptian',
      'Nordic',
    ],
  },
  eval: {
    PER: [
      'Clara Weiss',
      'Tobias Fenn',
      'Amara Nwosu',
      'Hugo Laurent',
      'Sofia Ricci',
      'Kato',
      'Daniel Frost',
      'Mei Tanaka',
      'Pavel Novak',
      'Grace Otieno',
      'Lucas Moreau',
      'Elif Demir',
      'Brennan',
      'Oscar Lind',
      'Zara Khan',
    ],
    LOC: [
      'Madrid',
      'Ghana',
      'Melbourne',
      'Norway',
      'Quebec',
      'Athens',
      'Chile',
      'Zurich',
      'Nigeria',
      'Boston',
      'Portugal',
      'Seoul',
      'Vienna',
      'Kenya',
      'Canada',
    ],
    ORG: [
      'Caldera Mining',
      'Westfield Athletic',
      'Arbor Insurance',
      'World Bank',
      'Sable Media',
      'Northgate Rail',
      'Atletico Ribera',
      'Crown Foods',
      'Senate',
      'Polar Shipping',
      'United Nations',
      'NATO',
    ],
    MISC: [
      'Spanish',
      'Italian',
      'Greek',
      'Australian',
      'Chilean',
      'Korean',
      'Nigerian',
      'Norwegian',
      'Pan American',
      'German',
      'French',
    ],
  },
};

function fill(template, pool) {
  const tokens = [];
  const tags = [];
  for (const part of template.trim().split(/\s+/)) {
    const slot = /^\{(PER|LOC|ORG|MISC)\}$/.exec(part);
    if (!slot) {
      tokens.push(part);
      tags.push('O');
      continue;
    }
    const type = slot[1];
    let words = pick(pool[type]).split(' ');
    if (template === template.toUpperCase()) words = words.map((w) => w.toUpperCase());
    words.forEach((word, i) => {
      tokens.push(word);
      tags.push(`${i === 0 ? 'B' : 'I'}-${type}`);
    });
  }
  return { tokens, tags };
}

// IOB1, as the CoNLL-2003 files are: B- only where a chunk directly follows one of its type.
function toIob1(tags) {
  return tags.map((tag, i) => {
    if (!tag.startsWith('B-')) return tag;
    const previous = tags[i - 1] ?? 'O';
    return previous !== 'O' && previous.slice(2) === tag.slice(2) ? tag : `I-${tag.slice(2)}`;
  });
}

const templates = readFileSync(join(here, 'templates.txt'), 'utf8').split('\n').filter(Boolean);
const split = 70;
const write = (file, sentences, iob1) =>
  writeFileSync(
    join(here, file),
    '-DOCSTART- O\n\n' +
      sentences
        .map(({ tokens, tags }) => {
          const written = iob1 ? toIob1(tags) : tags;
          return tokens.map((token, i) => `${token} ${written[i]}`).join('\n');
        })
        .join('\n\n') +
      '\n',
  );
const train = [];
for (let round = 0; round < 4; round++)
  for (const template of templates.slice(0, split)) train.push(fill(template, POOLS.train));
const evaluation = [];
for (let round = 0; round < 5; round++)
  for (const template of templates.slice(split)) evaluation.push(fill(template, POOLS.eval));
write('train.conll', train, true);
write('eval.conll', evaluation, false);
process.stdout.write(
  `train.conll: ${train.length} sentences (IOB1); eval.conll: ${evaluation.length} sentences (IOB2)\n`,
);
