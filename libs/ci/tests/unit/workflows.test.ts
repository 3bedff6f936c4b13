import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AWS_CREDENTIALS_ACTION,
  EC2_RUNNER_ACTION,
  lintWorkflows,
  planCiMatrix,
  readWorkflows,
  readWorkspacePackages,
  runsSuite,
} from '@mesh/ci';
import { removeTempTrees, tempTree } from '@mesh/testing';
import { resolveComponent, SUITES } from '@mesh/workspace';

afterAll(removeTempTrees);

// The repository's own workflows, checked as `npm run check` checks them (mesh ci lint), plus
// the promises the README makes about them.
const root = join(__dirname, '..', '..', '..', '..');
const workflows = readWorkflows(root);
type Step = { uses?: string; run?: string; if?: string; with?: Record<string, string> };
type Job = {
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  steps?: Step[];
  uses?: string;
  strategy?: { matrix?: { include?: unknown } };
};
const workflow = (name: string) => {
  const file = workflows.find((candidate) => candidate.file === `.github/workflows/${name}`);
  if (!file) throw new Error(`.github/workflows/${name} is missing`);
  return file.data as {
    on: Record<string, unknown>;
    permissions: unknown;
    jobs: Record<string, Job>;
  };
};
const ci = workflow('ci.yaml');
const train = workflow('train-pipeline.yaml');
const steps = (job: Job) => job.steps ?? [];
const runs = (job: Job) =>
  steps(job)
    .map((step) => step.run ?? '')
    .join('\n');

describe('the workflow files', () => {
  it('pass actionlint and mesh invariants', async () => {
    const result = await lintWorkflows(root, workflows);
    expect(result.files).toEqual([
      '.github/workflows/ci.yaml',
      '.github/workflows/train-pipeline.yaml',
    ]);
    expect(result.problems).toEqual([]);
  }, 30_000);

  it('run CI on pull requests and on pushes to main, and push only on pushes to main', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    expect(ci.on.push).toEqual({ branches: ['main'] });
    const pushing = Object.entries(ci.jobs)
      .filter(([, job]) => /docker\.login|projects\.deploy\/|git push/.test(runs(job)))
      .map(([id]) => id);
    expect(pushing.sort()).toEqual(['publish', 'release-tag']);
    for (const id of pushing) expect(ci.jobs[id].if).toContain("github.event_name == 'push'");
    expect(ci.jobs.publish.if).toContain("github.ref == 'refs/heads/main'");
  });

  it('stop every self-hosted runner they start, with if: always()', () => {
    for (const { data } of workflows) {
      const jobs = Object.entries((data as { jobs: Record<string, Job> }).jobs);
      const mode = (wanted: string) =>
        jobs.filter(([, job]) =>
          steps(job).some(
            (step) => step.uses?.startsWith(`${EC2_RUNNER_ACTION}@`) && step.with?.mode === wanted,
          ),
        );
      for (const [startId] of mode('start')) {
        const stops = mode('stop').filter(([, job]) =>
          ([] as string[]).concat(job.needs ?? []).includes(startId),
        );
        expect(stops).toHaveLength(1);
        expect(stops[0][1].if).toMatch(/\balways\(\)/);
      }
    }
    expect(Object.keys(train.jobs)).toEqual(['start-runner', 'train', 'stop-runner']);
  });

  it('grant contents: read by default and id-token: write only to jobs that assume an AWS role', () => {
    for (const { file, data } of workflows) {
      const { permissions, jobs } = data as { permissions: unknown; jobs: Record<string, Job> };
      expect([file, permissions]).toEqual([file, { contents: 'read' }]);
      for (const [id, job] of Object.entries(jobs)) {
        const assumes =
          steps(job).some((step) => step.uses?.startsWith(`${AWS_CREDENTIALS_ACTION}@`)) ||
          job.uses === './.github/workflows/train-pipeline.yaml';
        expect([file, id, job.permissions?.['id-token'] === 'write']).toEqual([file, id, assumes]);
      }
    }
  });

  it('check the GPUs with nvidia-smi before training, and train with ENVIRONMENT=ci', () => {
    const trainSteps = steps(train.jobs.train);
    const gpu = trainSteps.findIndex((step) => step.run === 'nvidia-smi');
    const training = trainSteps.findIndex((step) =>
      /projects\.start\/.*ENVIRONMENT=ci/.test(step.run ?? ''),
    );
    expect(gpu).toBeGreaterThanOrEqual(0);
    expect(trainSteps[gpu].if).toBe('inputs.gpu > 0');
    expect(training).toBeGreaterThan(gpu);
  });
});

describe('the CI matrix of this workspace', () => {
  const packages = readWorkspacePackages(root);
  const matrix = planCiMatrix(packages, 'all');

  it('has only real components in every entry', () => {
    for (const entry of [...matrix.components, ...matrix.train])
      expect(resolveComponent(root, entry.project, entry.component).name).toBe(entry.name);
    expect(matrix.components.map((entry) => entry.name)).toContain('keywords-train');
  });

  it('comes from mesh ci matrix, for the test jobs and the train pipelines alike', () => {
    const plan = runs(ci.jobs.affected);
    expect(plan).toMatch(
      /npx mesh ci matrix --affected --base "\$BASE" --head "\$HEAD_SHA" --github-output/,
    );
    expect(ci.jobs.components.strategy?.matrix?.include).toBe(
      '${{ fromJSON(needs.affected.outputs.components) }}',
    );
    expect(ci.jobs.libraries.strategy?.matrix?.include).toBe(
      '${{ fromJSON(needs.affected.outputs.libraries) }}',
    );
    expect(ci.jobs['run-train-pipelines'].strategy?.matrix?.include).toBe(
      '${{ fromJSON(needs.affected.outputs.train) }}',
    );
  });

  it('runs every suite make test runs, and nothing it skips', () => {
    // make test is `nx run-many -t $(SUITES)`: every project with that target, nothing else.
    const makefile = readFileSync(join(root, 'Makefile'), 'utf8');
    expect(/^SUITES := (.*)$/m.exec(makefile)?.[1].split(' ')).toEqual([...SUITES]);
    expect(makefile).toMatch(/^test: install\n\t@\$\(NX\) run-many -t \$\(SUITES\)/m);
    const graphFile = join(tempTree(), 'graph.json');
    execFileSync(
      process.execPath,
      [require.resolve('nx/bin/nx.js', { paths: [root] }), 'graph', `--file=${graphFile}`],
      { cwd: root, stdio: 'ignore', env: { ...process.env, NX_DAEMON: 'false' } },
    );
    const nodes = (
      JSON.parse(readFileSync(graphFile, 'utf8')) as {
        graph: { nodes: Record<string, { data: { targets?: Record<string, unknown> } }> };
      }
    ).graph.nodes;
    for (const suite of SUITES) {
      const makeTest = Object.keys(nodes)
        .filter((name) => suite in (nodes[name].data.targets ?? {}))
        .sort();
      const planned = [...matrix.components, ...matrix.libraries]
        .filter((entry) => entry[suite])
        .map((entry) => entry.name)
        .sort();
      expect([suite, planned]).toEqual([suite, makeTest]);
    }
    // ... and the jobs over those entries run each planned suite in its own step.
    for (const id of ['components', 'libraries'])
      for (const suite of SUITES) {
        const suiteSteps = steps(ci.jobs[id]).filter((step) => runsSuite(step.run ?? '', suite));
        expect([id, suite, suiteSteps.map((step) => step.if)]).toEqual([
          id,
          suite,
          [`matrix.${suite}`],
        ]);
      }
  }, 60_000);
});
