import { evaluateChunks } from '@mesh/sequence';

// A conlleval input file written by hand: token, gold tag, predicted tag; blank lines between
// sentences. The expected figures below are counted by hand in the comments.
const FILE = `
Mary I-PER I-PER
Ann I-PER I-PER
John B-PER I-PER
in O O
New I-LOC I-LOC
York I-LOC B-LOC

Acme B-ORG B-ORG
Steel I-ORG I-LOC
Works I-ORG I-LOC
, O O
Dutch B-MISC I-MISC

Jane B-PER B-PER
Doe I-PER I-PER
`;

function sentences(text: string) {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((block) => {
      const rows = block.split('\n').map((line) => line.trim().split(/\s+/));
      return { gold: rows.map((row) => row[1]), predicted: rows.map((row) => row[2]) };
    });
}

describe('evaluateChunks, as conlleval scores', () => {
  const result = evaluateChunks(sentences(FILE));

  it('reads IOB1 chunk starts, an I- tag after O and a type change inside a chunk', () => {
    // Sentence 1 (IOB1): gold PER[0,2) PER[2,3) LOC[4,6); predicted PER[0,3) LOC[4,5) LOC[5,6).
    //   B-PER after I-PER starts a chunk, I-PER after I-PER does not: no chunk matches.
    // Sentence 2: gold ORG[0,3) MISC[4,5); predicted ORG[0,1) LOC[1,3) (the type change starts a
    //   chunk) and MISC[4,5) (I- after O starts a chunk): MISC matches.
    // Sentence 3: PER[0,2) in both: matches.
    expect(result.overall).toMatchObject({ gold: 6, predicted: 7, correct: 2 });
    expect(result.overall.precision).toBeCloseTo(2 / 7, 12);
    expect(result.overall.recall).toBeCloseTo(1 / 3, 12);
    expect(result.overall.f1).toBeCloseTo(4 / 13, 12);
  });

  it('scores each type on its own', () => {
    expect(result.byType.PER).toMatchObject({ gold: 3, predicted: 2, correct: 1 });
    expect(result.byType.PER.f1).toBeCloseTo(0.4, 12); // P 1/2, R 1/3
    expect(result.byType.LOC).toMatchObject({ gold: 1, predicted: 3, correct: 0, f1: 0 });
    expect(result.byType.ORG).toMatchObject({ gold: 1, predicted: 1, correct: 0, f1: 0 });
    expect(result.byType.MISC).toMatchObject({ gold: 1, predicted: 1, correct: 1, f1: 1 });
  });

  it('counts token accuracy on whole tags, B- and I- apart', () => {
    // Equal tags: 4 of 6, 2 of 5 (B-MISC vs I-MISC differs), 2 of 2.
    expect(result.tokens).toBe(13);
    expect(result.accuracy).toBeCloseTo(8 / 13, 12);
    expect(result.sentences).toBe(3);
  });

  it('closes chunks at sentence boundaries', () => {
    const split = evaluateChunks([
      { gold: ['I-PER'], predicted: ['I-PER'] },
      { gold: ['I-PER'], predicted: ['I-PER'] },
    ]);
    expect(split.overall).toMatchObject({ gold: 2, predicted: 2, correct: 2 });
  });

  it('reads BIOES chunks', () => {
    const bioes = evaluateChunks([
      {
        gold: ['S-PER', 'S-PER', 'B-LOC', 'E-LOC', 'O'],
        predicted: ['S-PER', 'B-PER', 'I-LOC', 'E-LOC', 'O'],
      },
    ]);
    // Gold PER[0,1) PER[1,2) LOC[2,4); predicted PER[0,1) PER[1,2) LOC[2,4)
    // (B-PER then I-LOC: the type change ends PER and starts LOC).
    expect(bioes.overall).toMatchObject({ gold: 3, predicted: 3, correct: 3 });
  });

  it('rejects a sentence whose gold and predicted lengths differ', () => {
    expect(() => evaluateChunks([{ gold: ['O'], predicted: [] }])).toThrow(/1 gold tags but 0/);
  });
});
