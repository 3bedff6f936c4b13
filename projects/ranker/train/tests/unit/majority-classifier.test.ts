import { accuracy, parseExample, trainMajorityClassifier } from '../../src/majority-classifier';

describe('majority classifier', () => {
  it('predicts the most frequent label and scores accuracy', () => {
    const examples = [
      { text: 'a', label: 'x' },
      { text: 'b', label: 'y' },
      { text: 'c', label: 'x' },
    ];
    const model = trainMajorityClassifier(examples);
    expect(model.label).toBe('x');
    expect(accuracy(model, examples)).toBeCloseTo(2 / 3);
  });

  it('names the missing field of a bad record', () => {
    expect(() => parseExample({ text: 'a' })).toThrow('field "label" must be a string');
  });
});
