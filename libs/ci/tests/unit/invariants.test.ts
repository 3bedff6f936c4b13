import { checkWorkflowInvariants, parseWorkflow, type WorkflowProblem } from '@mesh/ci';

const components = [{ name: 'keywords-train', project: 'keywords', component: 'train' }];

/** The problems of one workflow given as YAML lines, as `kind: message`. */
function check(...lines: string[]): string[] {
  const workflow = parseWorkflow('.github/workflows/w.yaml', lines.join('\n'));
  return checkWorkflowInvariants({ workflows: [workflow], components }).map(
    (problem: WorkflowProblem) => `${problem.kind}: ${problem.message}`,
  );
}

const header = ['name: w', 'on:', '  pull_request:', '  push:', '    branches: [main]'];
const readOnly = ['permissions:', '  contents: read'];

describe('permissions', () => {
  it('wants contents: read at the top of every workflow', () => {
    expect(check(...header, 'jobs: {}')).toEqual([
      expect.stringContaining(
        'permissions: the workflow must set `permissions: { contents: read }`',
      ),
    ]);
    expect(check(...header, 'permissions: write-all', 'jobs: {}')).toHaveLength(1);
  });

  it('allows id-token: write only in a job that assumes an AWS role', () => {
    const job = (steps: string[]) => [
      ...header,
      ...readOnly,
      'jobs:',
      '  deploy:',
      "    if: github.event_name == 'push'",
      '    runs-on: ubuntu-latest',
      '    permissions:',
      '      contents: read',
      '      id-token: write',
      '    steps:',
      ...steps,
    ];
    expect(check(...job(['      - run: echo hello']))).toEqual([
      expect.stringContaining('job "deploy" has id-token: write but assumes no AWS role'),
    ]);
    expect(
      check(
        ...job([
          '      - uses: aws-actions/configure-aws-credentials@v4',
          '        with:',
          '          role-to-assume: ${{ vars.AWS_ROLE_ARN }}',
          '          aws-region: eu-west-1',
        ]),
      ),
    ).toEqual([]);
  });

  it('reports a job that assumes a role without id-token: write, and any other write scope', () => {
    expect(
      check(
        ...header,
        ...readOnly,
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-latest',
        '    permissions:',
        '      packages: write',
        '    steps:',
        '      - uses: aws-actions/configure-aws-credentials@v4',
        '        with:',
        '          role-to-assume: arn:aws:iam::1:role/ci',
      ),
    ).toEqual([
      expect.stringContaining('job "a" has packages: write, which no mesh job needs'),
      expect.stringContaining('job "a" assumes an AWS role but lacks id-token: write'),
    ]);
  });

  it('allows contents: write only to a push-only job that pushes a tag', () => {
    const tagJob = (condition: string) => [
      ...header,
      ...readOnly,
      'jobs:',
      '  tag:',
      `    if: ${condition}`,
      '    runs-on: ubuntu-latest',
      '    permissions:',
      '      contents: write',
      '    steps:',
      '      - run: git push origin v1',
    ];
    expect(check(...tagJob("github.event_name == 'push'"))).toEqual([]);
    expect(check(...tagJob('always()'))).toEqual([
      expect.stringContaining('job "tag" has contents: write'),
      expect.stringContaining('no-push-on-pull-request: job "tag" pushes'),
    ]);
  });
});

describe('no push on pull requests', () => {
  it.each([
    'make "projects.deploy/$PROJECT" COMPONENT="$COMPONENT"',
    'make docker.login',
    'docker push example.org/keywords-train:ci-1-1',
    'npx nx run "$NAME:push"',
  ])('reports a job running `%s` on pull requests', (command) => {
    const problems = check(
      ...header,
      ...readOnly,
      'jobs:',
      '  publish:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      `      - run: ${JSON.stringify(command)}`,
    );
    expect(problems).toEqual([expect.stringContaining('no-push-on-pull-request: job "publish"')]);
  });

  it('lets a push-only job push, and ignores workflows that never run on pull requests', () => {
    const job = [
      '  publish:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: make docker.login',
    ];
    expect(
      check(
        ...header,
        ...readOnly,
        'jobs:',
        ...job.slice(0, 1),
        "    if: github.event_name == 'push'",
        ...job.slice(1),
      ),
    ).toEqual([]);
    expect(check('name: w', 'on: [push]', ...readOnly, 'jobs:', ...job)).toEqual([]);
  });
});

describe('self-hosted runners', () => {
  const start = [
    '  start:',
    '    runs-on: ubuntu-latest',
    '    outputs:',
    '      label: ${{ steps.s.outputs.label }}',
    '      id: ${{ steps.s.outputs.ec2-instance-id }}',
    '    steps:',
    '      - id: s',
    '        uses: machulav/ec2-github-runner@v2',
    '        with:',
    '          mode: start',
    '  work:',
    '    needs: start',
    '    runs-on: ${{ needs.start.outputs.label }}',
    '    steps:',
    '      - run: nvidia-smi',
  ];
  const stop = (condition: string, needs: string) => [
    '  stop:',
    `    needs: ${needs}`,
    `    if: ${condition}`,
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: machulav/ec2-github-runner@v2',
    '        with:',
    '          mode: stop',
    '          label: ${{ needs.start.outputs.label }}',
    '          ec2-instance-id: ${{ needs.start.outputs.id }}',
  ];

  it('accepts a start with a stop that needs it and every job on it, with if: always()', () => {
    expect(
      check(...header, ...readOnly, 'jobs:', ...start, ...stop('always()', '[start, work]')),
    ).toEqual([]);
  });

  it('reports a start without a stop', () => {
    expect(check(...header, ...readOnly, 'jobs:', ...start)).toEqual([
      expect.stringContaining(
        'self-hosted-runner: job "start" starts an EC2 runner but no job stops it',
      ),
    ]);
  });

  it('reports a stop without always(), or one that does not wait for the jobs on the runner', () => {
    expect(
      check(...header, ...readOnly, 'jobs:', ...start, ...stop('success()', '[start]')),
    ).toEqual([
      expect.stringContaining('job "stop" stops the runner of "start" without if: always()'),
      expect.stringContaining('job "stop" must need work'),
    ]);
  });
});

describe('matrices', () => {
  const matrixJob = (include: string[]) => [
    ...header,
    ...readOnly,
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    strategy:',
    '      matrix:',
    ...include,
    '    steps:',
    '      - run: make "projects.build/${{ matrix.project }}"',
  ];

  it('accepts static entries that are real components and reports the others', () => {
    expect(
      check(
        ...matrixJob([
          '        include:',
          '          - project: keywords',
          '            component: train',
        ]),
      ),
    ).toEqual([]);
    expect(check(...matrixJob(['        include:', '          - project: sentiment']))).toEqual([
      expect.stringContaining(
        'matrix: job "test" has a matrix entry {"project":"sentiment"} that is no component',
      ),
    ]);
  });

  it('wants a dynamic matrix made by mesh ci matrix', () => {
    expect(
      check(...matrixJob(['        include: ${{ fromJSON(needs.plan.outputs.components) }}'])),
    ).toEqual([
      expect.stringContaining(
        'takes its matrix from ${{ fromJSON(needs.plan.outputs.components) }}, which no `mesh ci matrix` step makes',
      ),
    ]);
  });

  it('reports a project named by hand in a run step', () => {
    expect(
      check(
        ...header,
        ...readOnly,
        'jobs:',
        '  t:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: make projects.unit/keywords COMPONENT=train',
      ),
    ).toEqual([expect.stringContaining('matrix: job "t" names project "keywords" by hand')]);
  });
});

describe('suites', () => {
  const suites = (steps: string[]) => [
    ...header,
    ...readOnly,
    'jobs:',
    '  plan:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: npx mesh ci matrix --affected --github-output',
    '  libraries:',
    '    needs: plan',
    '    runs-on: ubuntu-latest',
    '    strategy:',
    '      matrix:',
    '        include: ${{ fromJSON(needs.plan.outputs.libraries) }}',
    '    steps:',
    '      - if: matrix.unit',
    '        run: npx nx run "$LIBRARY:unit"',
    '      - if: matrix.integration',
    '        run: npx nx run "$LIBRARY:integration"',
    '      - if: matrix.functional',
    '        run: npx nx run "$LIBRARY:functional"',
    '  components:',
    '    needs: plan',
    '    runs-on: ubuntu-latest',
    '    strategy:',
    '      matrix:',
    '        include: ${{ fromJSON(needs.plan.outputs.components) }}',
    '    steps:',
    ...steps,
  ];
  const step = (suite: string, condition = `matrix.${suite}`) => [
    `      - if: ${condition}`,
    `        run: make "projects.${suite}/$PROJECT" COMPONENT="$COMPONENT"`,
  ];

  it('accepts every suite in its own step, guarded by its matrix flag', () => {
    expect(
      check(...suites([...step('unit'), ...step('integration'), ...step('functional')])),
    ).toEqual([]);
  });

  it('reports a missing suite, an unguarded one, and projects.test', () => {
    expect(
      check(
        ...suites([
          ...step('unit'),
          ...step('integration', 'always()'),
          '      - run: make "projects.test/$PROJECT"',
        ]),
      ),
    ).toEqual([
      expect.stringContaining('the integration step must have if: matrix.integration'),
      expect.stringContaining('must run the functional suite in exactly one step (it has 0)'),
      expect.stringContaining('runs projects.test'),
    ]);
  });

  it('reports a workflow that plans with mesh ci matrix but never tests the libraries', () => {
    const lines = suites([...step('unit'), ...step('integration'), ...step('functional')]);
    const withoutLibraries = [
      ...lines.slice(0, lines.indexOf('  libraries:')),
      ...lines.slice(lines.indexOf('  components:')),
    ];
    expect(check(...withoutLibraries)).toEqual([
      expect.stringContaining('no job runs the suites of the affected libraries'),
    ]);
  });
});

describe('syntax', () => {
  it('reports a file that is not YAML', () => {
    expect(check('name: [unclosed')).toEqual([expect.stringMatching(/^syntax: /)]);
  });
});
