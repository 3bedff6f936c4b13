import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Output } from '@mesh/output';
import { tempTree } from '@mesh/testing';
import { planRuns } from '../../src/trainer/plan-runs';
import { ReviewApiClient } from '../../src/trainer/review-api';
import {
  readSampleEditGroups,
  SAMPLE_EDIT_GROUPS_FILE,
  SampleEditGroupsError,
  startSampleReviewApi,
} from '../../src/trainer/sample-review-api';
import { serveSampleReviewApi } from '../../src/trainer/serve-sample-review-api';

const data = join(__dirname, '..', '..', 'data');

describe('the sample review API', () => {
  it('lists groups of every type, and plans folding, skipping and the borrowed trial set', async () => {
    const api = await startSampleReviewApi({ port: 0 });
    try {
      const groups = await new ReviewApiClient(api.url).editGroups();
      expect(new Set(groups.map((group) => group.type))).toEqual(
        new Set(['Generic', 'Reported False Positives', 'Training', 'Trial']),
      );
      const plan = planRuns(groups, { now: new Date(0), dumpUrl: (id) => String(id) });
      // The Generic "Report Interface Import" is skipped for its Training and Reported False
      // Positives groups, folded under it; Trial groups are attached, not runs.
      expect(plan.runs.map((run) => `${run.targetName} <- ${run.group.name}`)).toEqual([
        'Legacy Report Interface Import <- Legacy Report Interface Import',
        'Original Testing Training Set - Random Edits 50/50 <- Original Testing Training Set - Random Edits 50/50',
        'Quoted "Special" $Group <- Quoted "Special" $Group',
        'Report Interface Import <- Report Interface Import - Training',
        'Report Interface Import <- Report Interface Import - Reported False Positives',
      ]);
      expect(plan.notes).toContain(
        'Using sampled edits as fallback trial group for Report Interface Import',
      );
    } finally {
      await api.close();
    }
  });

  it('streams the shipped training set for a training group and the trial set for a trial group', async () => {
    const api = await startSampleReviewApi({ port: 0 });
    try {
      const dump = async (id: number) => {
        const response = await fetch(`${api.url}/api/v1/edit-groups/${id}/dump-editset/`);
        expect(response.headers.get('content-type')).toBe('application/xml');
        return response.text();
      };
      expect(await dump(5)).toBe(readFileSync(join(data, 'train.xml'), 'utf8'));
      expect(await dump(3)).toBe(readFileSync(join(data, 'trial.xml'), 'utf8'));
      expect((await fetch(`${api.url}/api/v1/edit-groups/99/dump-editset/`)).status).toBe(404);
      expect((await fetch(`${api.url}/api/v1/edit-groups/`)).status).toBe(400);
      expect(api.requests).toContain('/api/v1/edit-groups/5/dump-editset/');
    } finally {
      await api.close();
    }
  });

  it('serves a groups file of its own, with edit sets relative to it', async () => {
    const dir = tempTree();
    writeFileSync(join(dir, 'mine.xml'), '<WPEditSet></WPEditSet>');
    const file = join(dir, 'groups.json');
    writeFileSync(
      file,
      JSON.stringify([
        { id: 9, name: 'Mine', related_to: null, type: 'Training', edit_set: 'mine.xml' },
      ]),
    );
    const api = await startSampleReviewApi({ port: 0, groupsFile: file });
    try {
      expect(api.groups).toEqual([{ id: 9, name: 'Mine', related_to: null, type: 'Training' }]);
      const listed = await (
        await fetch(`${api.url}/api/v1/edit-groups/?exclude_empty_editsets=1`)
      ).json();
      expect(listed).toEqual(api.groups);
      expect(await (await fetch(`${api.url}/api/v1/edit-groups/9/dump-editset/`)).text()).toBe(
        '<WPEditSet></WPEditSet>',
      );
    } finally {
      await api.close();
    }
  });

  it('names every bad group of a groups file', () => {
    const dir = tempTree();
    const file = join(dir, 'groups.json');
    writeFileSync(
      file,
      JSON.stringify([
        { id: 1, name: 'A', type: 'Training' },
        { id: 1, name: 'B', type: 'Other' },
        { id: 2, name: 'C', type: 'Trial', edit_set: 'missing.xml' },
      ]),
    );
    const read = () => readSampleEditGroups(file);
    expect(read).toThrow(SampleEditGroupsError);
    expect(read).toThrow('group 1 (B): id must be a whole number used once');
    expect(read).toThrow('group 1 (B): type must be one of Generic');
    expect(read).toThrow('group 2 (C): edit_set missing.xml does not exist');
    expect(readSampleEditGroups(SAMPLE_EDIT_GROUPS_FILE).length).toBeGreaterThanOrEqual(8);
  });
});

describe('cbng-trainer serve-sample-review-api', () => {
  it('prints its URL and the two commands to run against it, and serves until stopped', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const env = { CI: 'true', SAMPLE_REVIEW_API_HOST: '127.0.0.1' };
    const output = new Output({ env, stdout, stderr });
    const stop = new AbortController();
    const served = serveSampleReviewApi(['--port', '0'], env, output, stop.signal);
    let banner = '';
    stdout.on('data', (chunk) => (banner += String(chunk)));
    while (!banner.includes('PRINT_ONLY')) await new Promise((resolve) => setTimeout(resolve, 20));
    const url = /Sample review API on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
    expect(url).toBeDefined();
    expect(banner).toContain(`make projects.start/cbng COMPONENT=train REVIEW_API_URL=${url}`);
    expect(banner).toContain(
      `make projects.run/cbng TASK=run-edit-sets PRINT_ONLY=true REVIEW_API_URL=${url}`,
    );
    expect(await new ReviewApiClient(url!).editGroups()).toHaveLength(8);
    stop.abort();
    expect(await served).toBe(0);
  });

  it('refuses a port that is not a number, naming the variable', async () => {
    const stderr = new PassThrough();
    const env = { CI: 'true', SAMPLE_REVIEW_API_PORT: 'http' };
    const output = new Output({ env, stdout: new PassThrough(), stderr });
    expect(await serveSampleReviewApi([], env, output)).toBe(2);
    expect(String(stderr.read())).toContain('give --port (or SAMPLE_REVIEW_API_PORT)');
  });
});
