import {
  FeatureIndex,
  seededRandom,
  trainPerceptron,
  transitionConstraints,
  viterbi,
  type EncodedSentence,
} from '@mesh/sequence';

const LABELS = ['O', 'B-PER', 'I-PER', 'E-PER', 'S-PER'];

describe('constrained Viterbi', () => {
  it('never starts with I-, nor ends inside a chunk, even when the scores say so', () => {
    const L = LABELS.length;
    const emissions = new Float64Array(3 * L);
    emissions[0 * L + 2] = 10; // I-PER at the start
    emissions[0 * L + 4] = 5;
    emissions[1 * L + 0] = 1;
    emissions[2 * L + 1] = 10; // B-PER at the end
    emissions[2 * L + 4] = 5;
    const path = viterbi(
      emissions,
      3,
      L,
      new Float64Array((L + 1) * L),
      transitionConstraints(LABELS),
    );
    const tags = Array.from(path, (y) => LABELS[y]);
    expect(tags[0]).not.toBe('I-PER');
    expect(tags[2]).not.toBe('B-PER');
    expect(tags).toEqual(['S-PER', 'O', 'S-PER']);
  });

  it('picks the best path when it is valid', () => {
    const L = LABELS.length;
    const emissions = new Float64Array(2 * L);
    emissions[0 * L + 1] = 2;
    emissions[1 * L + 3] = 2;
    const path = viterbi(
      emissions,
      2,
      L,
      new Float64Array((L + 1) * L),
      transitionConstraints(LABELS),
    );
    expect(Array.from(path, (y) => LABELS[y])).toEqual(['B-PER', 'E-PER']);
  });
});

describe('FeatureIndex', () => {
  it('keeps features seen at least minCount times, densely numbered', () => {
    const index = new FeatureIndex();
    for (const feature of ['a', 'b', 'a', 'c', 'c']) index.observe(feature);
    index.freeze(2);
    expect(index.features()).toEqual(['a', 'c']);
    expect(index.encode(['c', 'b', 'a'])).toEqual([1, 0]);
    expect(FeatureIndex.from(index.features()).id('c')).toBe(1);
  });
});

describe('trainPerceptron', () => {
  // Names are capitalised words after "Dr"; the tagger must learn both the word and context cue.
  function corpus(count: number, seed: number) {
    const random = seededRandom(seed);
    const names = ['Ada', 'Bob', 'Cy', 'Dee'];
    const others = ['saw', 'the', 'cat', 'ran'];
    const index = new FeatureIndex();
    const raw: { words: string[]; tags: string[] }[] = [];
    for (let i = 0; i < count; i++) {
      const words: string[] = [];
      const tags: string[] = [];
      for (let t = 0; t < 6; t++) {
        if (random() < 0.3) {
          words.push('Dr', names[Math.floor(random() * 4)]);
          tags.push('O', 'S-PER');
        } else {
          words.push(others[Math.floor(random() * 4)]);
          tags.push('O');
        }
      }
      raw.push({ words, tags });
    }
    const featuresOf = (words: string[], t: number) => [
      `w=${words[t]}`,
      `p=${words[t - 1] ?? '<s>'}`,
      `cap=${/^[A-Z]/.test(words[t])}`,
    ];
    for (const { words } of raw)
      words.forEach((_, t) => featuresOf(words, t).forEach((f) => index.observe(f)));
    index.freeze();
    return raw
      .map(({ words, tags }): EncodedSentence => {
        const ids = words.map((_, t) => index.encode(featuresOf(words, t)));
        const offsets = new Int32Array(words.length + 1);
        ids.forEach((row, t) => (offsets[t + 1] = offsets[t] + row.length));
        return {
          features: Int32Array.from(ids.flat()),
          offsets,
          labels: Int32Array.from(tags, (tag) => LABELS.indexOf(tag)),
        };
      })
      .map((sentence) => ({ ...sentence, featureCount: index.size }));
  }

  it('learns a separable task and stops once an epoch makes no mistake', async () => {
    const sentences = corpus(200, 7);
    const featureCount = Math.max(...sentences.map((s) => Math.max(...s.features))) + 1;
    const result = await trainPerceptron(sentences, featureCount, LABELS, {
      maxEpochs: 20,
      patience: 2,
      validate: (tagger) => {
        let right = 0;
        let total = 0;
        for (const sentence of sentences) {
          const predicted = tagger.decode(sentence);
          predicted.forEach((y, t) => {
            total++;
            if (y === sentence.labels![t]) right++;
          });
        }
        return right / total;
      },
    });
    expect(result.bestScore).toBeGreaterThan(0.95);
    expect(result.history.at(-1)?.mistakes).toBe(0);
    expect(result.history.length).toBeLessThan(20);
    expect(result.history[0].mistakes).toBeGreaterThan(0);
  });
});
