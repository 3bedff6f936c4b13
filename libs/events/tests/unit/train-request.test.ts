import { join } from 'node:path';
import { tempTree } from '@mesh/testing';
import { parseTrainRequest, RequestLedger, TrainingScheduler } from '../../src';

describe('parseTrainRequest', () => {
  it("reads the original's payload without losing nanosecond digits", () => {
    expect(
      parseTrainRequest(
        '{"model_to_train": "nulog","time_intervals": [{"start_ts": 1617039360000000001, "end_ts": "1617039450000000000"}]}',
      ),
    ).toEqual({
      project: 'nulog',
      intervals: [{ start_ts: '1617039360000000001', end_ts: '1617039450000000000' }],
    });
  });

  it.each([
    ['[]', /must be a JSON object/],
    ['{"time_intervals": []}', /"model_to_train" must name a project/],
    ['{"model_to_train": "nulog", "time_intervals": []}', /non-empty list/],
    [
      '{"model_to_train": "nulog", "time_intervals": [{"start_ts": 5, "end_ts": 1}]}',
      /start_ts is after end_ts/,
    ],
  ])('rejects %s, naming the field', (text, reason) => {
    expect(() => parseTrainRequest(text)).toThrow(reason);
  });

  it('rejects a project the workspace does not have', () => {
    expect(() =>
      parseTrainRequest(
        '{"model_to_train": "x", "time_intervals": [{"start_ts": 1, "end_ts": 2}]}',
        ['nulog'],
      ),
    ).toThrow(/unknown project "x" \(known: nulog\)/);
  });
});

describe('TrainingScheduler', () => {
  it('runs at most MAX_ACTIVE_TRAININGS per project, the rest in order, other projects alongside', async () => {
    const ledger = new RequestLedger(join(tempTree(), 'ledger.json'));
    const started: string[] = [];
    const releases: (() => void)[] = [];
    const scheduler = new TrainingScheduler({
      ledger,
      maxActivePerProject: 2,
      publish: () => undefined,
      train: (record) => {
        started.push(record.jobId);
        return new Promise((resolve) =>
          releases.push(() =>
            resolve({
              bucket: 'b',
              bucket_files: { model_file: 'm' },
              model: 'M',
              version: record.jobId,
              metrics: {},
            }),
          ),
        );
      },
    });
    for (const project of ['a', 'a', 'a', 'b'])
      scheduler.enqueue(
        ledger.add(`${project}-${ledger.all().length}`, { project, intervals: [] }).record,
      );
    expect(started).toEqual(['train-1', 'train-2', 'train-4']);
    releases[0]();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['train-1', 'train-2', 'train-4', 'train-3']);
    for (const release of releases.slice(1)) release();
    await scheduler.idle();
    expect(ledger.all().map((record) => record.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    // The ledger survives a new process: nothing is left to resume.
    expect(new RequestLedger(ledger.path).unfinished()).toEqual([]);
  });
});
