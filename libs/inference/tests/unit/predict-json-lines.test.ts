import { PassThrough, Readable } from 'node:stream';
import type { Predictor } from '@mesh/pipeline';
import { InferenceError, predictJsonLines, verifyPredictions } from '@mesh/inference';

const doubler = (calls: number[] = []): Predictor => ({
  async predict(inputs) {
    calls.push(inputs.length);
    return inputs.map((input, index) => {
      if (typeof input.x !== 'number')
        throw new Error(`input ${index + 1} of the batch: field "x" must be a number`);
      return { y: input.x * 2 };
    });
  },
});

async function run(text: string, predictor = doubler(), batchSize?: number) {
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk) => chunks.push(String(chunk)));
  const records = await predictJsonLines({
    predictor,
    input: Readable.from([text]),
    output,
    source: 'in.jsonl',
    batchSize,
  });
  return { records, text: chunks.join('') };
}

describe('predictJsonLines', () => {
  it('answers every input in order, in batches, skipping blank lines', async () => {
    const calls: number[] = [];
    const result = await run('{"x":1}\n\n{"x":2}\r\n{"x":3}\n', doubler(calls), 2);
    expect(result).toEqual({ records: 3, text: '{"y":2}\n{"y":4}\n{"y":6}\n' });
    expect(calls).toEqual([2, 1]);
  });

  it('names the line of malformed JSON, of a non-object and of an input the predictor refuses', async () => {
    await expect(run('{"x":1}\n{"x"\n')).rejects.toThrow(/^in\.jsonl:2: not valid JSON/);
    await expect(run('[1]\n')).rejects.toThrow('in.jsonl:1: expected a JSON object, got an array');
    await expect(run('{"x":1}\n{"x":2}\n{"z":1}\n', doubler(), 8)).rejects.toThrow(
      'in.jsonl:3: field "x" must be a number',
    );
    await expect(run('\n')).rejects.toThrow(InferenceError);
  });

  it('refuses a predictor that answers the wrong number of outputs', async () => {
    const short: Predictor = { predict: async () => [] };
    await expect(run('{"x":1}\n', short)).rejects.toThrow(/one output per input/);
  });
});

describe('verifyPredictions', () => {
  const testFiles = {
    inputs: [
      { id: 'a', x: 1 },
      { id: 'b', x: 2.5 },
    ],
    predictions: [
      { id: 'a', y: 2 },
      { id: 'b', y: 5 + 1e-12 },
    ],
  };

  it('accepts outputs equal to the stored predictions (numbers to 1e-9 relative), ignoring stored-only fields', async () => {
    await expect(verifyPredictions(doubler(), testFiles, 'V-1')).resolves.toEqual({ checked: 2 });
  });

  it('names the input and the first differing field', async () => {
    const changed = {
      ...testFiles,
      predictions: [
        { id: 'a', y: 2 },
        { id: 'b', y: 5.01 },
      ],
    };
    await expect(verifyPredictions(doubler(), changed, 'V-1')).rejects.toThrow(
      'V-1: input 2 (id "b") differs from the stored prediction at y: stored 5.01, now 5',
    );
  });

  it('refuses a version without test files', async () => {
    await expect(verifyPredictions(doubler(), {}, 'V-1')).rejects.toThrow(/no stored test files/);
  });
});
