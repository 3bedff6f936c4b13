import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SeededRandom } from '@mesh/ml';

// A generated English corpus shaped like scientific abstracts with author keyphrases: documents
// of several hundred words on one of ten fields, 5-15 gold keyphrases each (mostly adjective +
// noun and noun + noun phrases that occur in the text, a few absent), non-gold field terms and
// generic academic phrases around them, and a title. Seeded: the same options give the same files.

const FIELDS: Array<{ adjectives: string[]; nouns: string[] }> = [
  {
    adjectives: [
      'neural',
      'convolutional',
      'recurrent',
      'deep',
      'generative',
      'adversarial',
      'sparse',
    ],
    nouns: [
      'network',
      'classifier',
      'embedding',
      'attention',
      'gradient',
      'backpropagation',
      'dropout',
      'autoencoder',
      'transformer',
      'regularization',
      'tokenizer',
      'optimizer',
    ],
  },
  {
    adjectives: ['wireless', 'cellular', 'distributed', 'peer', 'adaptive', 'optical', 'mobile'],
    nouns: [
      'router',
      'bandwidth',
      'latency',
      'protocol',
      'packet',
      'spectrum',
      'antenna',
      'handover',
      'throughput',
      'congestion',
      'channel',
      'topology',
    ],
  },
  {
    adjectives: [
      'photovoltaic',
      'thermal',
      'renewable',
      'electrochemical',
      'solar',
      'hydrogen',
      'offshore',
    ],
    nouns: [
      'battery',
      'electrode',
      'inverter',
      'turbine',
      'electrolyte',
      'converter',
      'grid',
      'storage',
      'cell',
      'efficiency',
      'catalyst',
      'panel',
    ],
  },
  {
    adjectives: [
      'genomic',
      'cellular',
      'molecular',
      'transcriptional',
      'epigenetic',
      'microbial',
      'protein',
    ],
    nouns: [
      'sequencing',
      'gene',
      'expression',
      'mutation',
      'enzyme',
      'pathway',
      'receptor',
      'phenotype',
      'methylation',
      'genome',
      'promoter',
      'biomarker',
    ],
  },
  {
    adjectives: ['seismic', 'tectonic', 'volcanic', 'sedimentary', 'coastal', 'glacial', 'fluvial'],
    nouns: [
      'fault',
      'earthquake',
      'magma',
      'erosion',
      'sediment',
      'aquifer',
      'basin',
      'subduction',
      'rift',
      'glacier',
      'delta',
      'landslide',
    ],
  },
  {
    adjectives: [
      'cryptographic',
      'symmetric',
      'homomorphic',
      'elliptic',
      'quantum',
      'secure',
      'anonymous',
    ],
    nouns: [
      'encryption',
      'signature',
      'cipher',
      'authentication',
      'key',
      'hash',
      'protocol',
      'adversary',
      'certificate',
      'curve',
      'malware',
      'firewall',
    ],
  },
  {
    adjectives: [
      'relational',
      'spatial',
      'temporal',
      'semantic',
      'graph',
      'columnar',
      'transactional',
    ],
    nouns: [
      'query',
      'index',
      'database',
      'schema',
      'join',
      'transaction',
      'ontology',
      'optimizer',
      'partition',
      'replication',
      'cache',
      'workload',
    ],
  },
  {
    adjectives: [
      'clinical',
      'cardiovascular',
      'chronic',
      'randomized',
      'pediatric',
      'surgical',
      'diagnostic',
    ],
    nouns: [
      'patient',
      'therapy',
      'trial',
      'diagnosis',
      'mortality',
      'hypertension',
      'diabetes',
      'cohort',
      'imaging',
      'dosage',
      'symptom',
      'intervention',
    ],
  },
  {
    adjectives: ['robotic', 'autonomous', 'kinematic', 'humanoid', 'visual', 'inertial', 'legged'],
    nouns: [
      'manipulator',
      'trajectory',
      'actuator',
      'localization',
      'odometry',
      'gripper',
      'controller',
      'navigation',
      'sensor',
      'mapping',
      'locomotion',
      'planner',
    ],
  },
  {
    adjectives: [
      'monetary',
      'fiscal',
      'financial',
      'macroeconomic',
      'agricultural',
      'labour',
      'carbon',
    ],
    nouns: [
      'inflation',
      'tariff',
      'market',
      'investment',
      'subsidy',
      'volatility',
      'liquidity',
      'taxation',
      'productivity',
      'pricing',
      'credit',
      'emission',
    ],
  },
];

const GENERIC_NOUNS = [
  'approach',
  'method',
  'framework',
  'analysis',
  'technique',
  'model',
  'system',
  'study',
  'evaluation',
  'scheme',
  'algorithm',
  'strategy',
];
const GENERIC_ADJECTIVES = [
  'novel',
  'efficient',
  'robust',
  'simple',
  'general',
  'practical',
  'scalable',
  'effective',
];
const FILLERS = [
  'The rest of this paper is organised as follows.',
  'These findings are consistent with earlier studies in the literature.',
  'This question has received considerable attention over the last decade.',
  'We believe that this direction deserves further investigation.',
  'The results are promising and suggest several directions for future work.',
  'All experiments were repeated five times and the average is reported.',
  'In addition, the implementation is publicly available to other researchers.',
  'However, several limitations of the current study should be noted.',
];
const TEMPLATES = [
  'In this paper we study {X} and its relation to {Y}.',
  'We propose a {A} {G} to {X} that relies on {Y}.',
  'The {G} combines {X} with {Y} in a single pipeline.',
  'Experiments on {X} show that the proposed {G} improves {Y} considerably.',
  'Previous work on {X} has focused on {Y}, but {Z} remains an open problem.',
  'Our results indicate that {X} is closely related to {Y}.',
  '{X} plays an important role in {Y} and in {Z}.',
  'Finally, we discuss how {X} can be extended to {Y}.',
  'A careful analysis of {X} reveals the limits of {Y}.',
  'Compared with {Y}, {X} requires less effort and gives more stable results.',
  'We further examine the effect of {X} on {Y} under realistic conditions.',
  'The main contribution is a {A} {G} for {X}.',
  'Unlike existing methods, our {G} handles {X} without {Y}.',
  'Measurements of {X} were collected together with {Y} and {Z}.',
];

/** One generated document with its gold keyphrases. */
export interface SyntheticDocument {
  id: string;
  lang: 'en';
  title: string;
  text: string;
  keyphrases: string[];
}

/** Generates `count` documents; `offset` numbers their ids. */
export function generateDocuments(count: number, seed: number, offset = 0): SyntheticDocument[] {
  const random = new SeededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random.next() * items.length)];
  // Zipf-like popularity of each field's phrases: some are keyphrases of many documents.
  const pools = FIELDS.map((field) => {
    const phrases: string[] = [];
    for (const noun of field.nouns) {
      phrases.push(noun);
      for (const adjective of field.adjectives) phrases.push(`${adjective} ${noun}`);
    }
    for (const a of field.nouns)
      for (const b of field.nouns) if (a !== b) phrases.push(`${a} ${b}`);
    return random.shuffle(phrases);
  });
  const zipf = (pool: string[]) => pool[Math.floor(pool.length * random.next() ** 2.5)];

  const documents: SyntheticDocument[] = [];
  for (let n = 0; n < count; n++) {
    const pool = pools[Math.floor(random.next() * pools.length)];
    const goldCount = 5 + Math.floor(random.next() * 11);
    const gold = new Set<string>();
    while (gold.size < goldCount) gold.add(zipf(pool));
    const goldList = [...gold];
    const distractors = new Set<string>();
    while (distractors.size < 8) {
      const phrase = pick(pool);
      if (!gold.has(phrase)) distractors.add(phrase);
    }
    const distractorList = [...distractors];
    // About one gold keyphrase in eight never occurs in the text, as with author keyphrases.
    const present = goldList.filter(() => random.next() > 0.12);
    const mention = (): string => {
      const r = random.next();
      if (r < 0.6 && present.length > 0)
        return present[Math.floor(present.length * random.next() ** 1.6)];
      if (r < 0.85) return pick(distractorList);
      return `the ${pick(GENERIC_ADJECTIVES)} ${pick(GENERIC_NOUNS)}`;
    };
    const sentences: string[] = [];
    let words = 0;
    const target = 220 + Math.floor(random.next() * 260);
    while (words < target) {
      const sentence =
        random.next() < 0.2
          ? pick(FILLERS)
          : pick(TEMPLATES)
              .replace('{X}', mention())
              .replace('{Y}', mention())
              .replace('{Z}', mention())
              .replace('{A}', pick(GENERIC_ADJECTIVES))
              .replace('{G}', pick(GENERIC_NOUNS));
      const capitalised = sentence.charAt(0).toUpperCase() + sentence.slice(1);
      sentences.push(capitalised);
      words += capitalised.split(' ').length;
    }
    const head = present[0] ?? goldList[0];
    documents.push({
      id: `doc-${String(offset + n + 1).padStart(5, '0')}`,
      lang: 'en',
      title: `${head.charAt(0).toUpperCase()}${head.slice(1)} for ${pick(distractorList)}`,
      text: sentences.join(' '),
      keyphrases: goldList,
    });
  }
  return documents;
}

/** Writes `train.jsonl` and `test.jsonl` (the test split) into `dir`; returns their paths. */
export function writeSyntheticCorpus(
  dir: string,
  options: { train: number; test: number; seed: number },
): { train: string; test: string } {
  const documents = generateDocuments(options.train + options.test, options.seed);
  const write = (name: string, rows: SyntheticDocument[]) => {
    const path = join(dir, name);
    writeFileSync(path, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
    return path;
  };
  return {
    train: write('train.jsonl', documents.slice(0, options.train)),
    test: write('test.jsonl', documents.slice(options.train)),
  };
}
