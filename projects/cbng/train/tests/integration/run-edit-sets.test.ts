import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Output } from '@mesh/output';
import { tempTree } from '@mesh/testing';
import { ReviewApiClient } from '../../src/trainer/review-api';
import { runEditSets } from '../../src/trainer/run-edit-sets';
import {
  startSampleReviewApi,
  type SampleReviewApiOptions,
} from '../../src/trainer/sample-review-api';

const fixtures = join(__dirname, '..', 'fixtures');

/** The shipped sample review API on a free loopback port. */
const reviewApi = (options: SampleReviewApiOptions = {}) =>
  startSampleReviewApi({ port: 0, ...options });

function capture(env: Record<string, string>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const output = new Output({ env, stdout, stderr });
  const read = (stream: PassThrough) => String(stream.read() ?? '');
  return { output, stdout: () => read(stdout), stderr: () => read(stderr) };
}

const NOW = () => new Date('2025-08-03T22:56:16Z');

describe('run-edit-sets --print-only', () => {
  it('prints the run-edit-set command lines, as the expected file, and nothing else', async () => {
    const api = await reviewApi();
    try {
      const env = { REVIEW_API_URL: api.url, CI: 'true' };
      const io = capture(env);
      const code = await runEditSets({ printOnly: true, env, output: io.output, now: NOW });
      expect(code).toBe(0);
      const expected = readFileSync(join(fixtures, 'print-only.expected'), 'utf8')
        .replaceAll('REVIEW', api.url)
        .trimEnd()
        .split('\n');
      expect(io.stdout().trimEnd().split('\n')).toEqual(expected);
      const log = io.stderr();
      expect(log).toContain(
        'Using sampled edits as fallback trial group for Legacy Report Interface Import',
      );
      expect(log).toContain(
        'Using sampled edits as fallback trial group for Report Interface Import',
      );
      expect(api.requests.filter((r) => r.includes('dump-editset'))).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it('keeps only the --edit-set groups, and names an unknown one', async () => {
    const api = await reviewApi();
    try {
      const env = { REVIEW_API_URL: api.url, CI: 'true' };
      const io = capture(env);
      await runEditSets({
        printOnly: true,
        only: ['Report Interface Import'],
        env,
        output: io.output,
        now: NOW,
      });
      expect(io.stdout().trim().split('\n')).toHaveLength(2);
      await expect(
        runEditSets({
          printOnly: true,
          only: ['Nope'],
          env,
          output: capture(env).output,
          now: NOW,
        }),
      ).rejects.toThrow('--edit-set Nope: no such edit group');
    } finally {
      await api.close();
    }
  });
});

describe('the review API client', () => {
  it('retries 5xx answers and connection resets with backoff', async () => {
    for (const reset of [false, true]) {
      const api = await reviewApi({ listFailures: 2, resetConnections: reset });
      const waits: number[] = [];
      const retries: string[] = [];
      try {
        const client = new ReviewApiClient(api.url, {
          backoffMs: 10,
          sleep: async (ms) => void waits.push(ms),
          onRetry: (message) => retries.push(message),
        });
        expect(await client.editGroups()).toEqual(api.groups);
        expect(waits).toEqual([10, 20]);
        expect(retries[0]).toMatch(reset ? /failed \(/ : /answered 503; retrying in 10 ms/);
      } finally {
        await api.close();
      }
    }
  });

  it('fails clearly on 4xx, on too many failures and on a bad group', async () => {
    const api = await reviewApi({ listFailures: 9 });
    try {
      const quick = { backoffMs: 1, attempts: 3 };
      await expect(new ReviewApiClient(api.url, quick).editGroups()).rejects.toThrow(
        'answered 503 3 times; giving up',
      );
      await expect(
        new ReviewApiClient(api.url, quick).getJson(`${api.url}/api/v1/other`),
      ).rejects.toThrow('answered 404 Not Found');
    } finally {
      await api.close();
    }
    const bad = await reviewApi({ listBody: [{ id: 1, name: 'x', type: 'Weird' }] });
    try {
      await expect(new ReviewApiClient(bad.url).editGroups()).rejects.toThrow(
        'group 0 (x): type "Weird" is not one of Generic, Reported False Positives, Training, Trial',
      );
    } finally {
      await bad.close();
    }
  });
});

describe('run-edit-sets', () => {
  it('trains every planned run on the local backend and registers each', async () => {
    const api = await reviewApi();
    const home = tempTree();
    try {
      const env = {
        REVIEW_API_URL: api.url,
        CI: 'true',
        MESH_HOME: home,
        MAX_EPOCHS: '5',
        HIDDEN_UNITS: '8',
        ENSEMBLE_SIZE: '1',
        RUN_CONCURRENCY: '2',
      };
      const io = capture(env);
      const code = await runEditSets({
        only: ['Report Interface Import', 'Legacy Report Interface Import'],
        env,
        output: io.output,
        now: NOW,
      });
      const text = io.stderr() + io.stdout();
      expect(code).toBe(0);
      expect(text).toContain('3 of 3 runs succeeded');
      for (const n of [1, 2, 3]) expect(text).toContain(`Registered CBNG-TRAINED-${n}`);
      const runs = readdirSync(join(home, 'runs', 'cbng-train')).filter(
        (name) => !name.startsWith('.'),
      );
      // Each run folder holds <target>/<instance>/ beside its reports and test-files/.
      const paths = runs.flatMap((run) =>
        readdirSync(join(home, 'runs', 'cbng-train', run), { withFileTypes: true })
          .filter((entry) => entry.isDirectory() && entry.name !== 'test-files')
          .map((entry) => entry.name)
          .flatMap((target) =>
            readdirSync(join(home, 'runs', 'cbng-train', run, target)).map((i) => `${target}/${i}`),
          ),
      );
      expect(paths.sort()).toEqual([
        'Legacy Report Interface Import/2025-08-03 22:56:16',
        'Report Interface Import/2025-08-03 22:56:16',
        'Report Interface Import/2025-08-03 22:56:17',
      ]);
    } finally {
      await api.close();
    }
  }, 120_000);
});
