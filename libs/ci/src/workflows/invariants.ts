import { SUITES, type ComponentRef } from '@mesh/workspace';
import type { WorkflowFile } from './read-workflows';
import type { WorkflowProblem } from './workflow-problem';
import {
  actionOf,
  conditionOf,
  eventsOf,
  jobsOf,
  needsOf,
  stepsOf,
  type Job,
  type Workflow,
} from './workflow-model';

/** What the invariants are checked against. */
export interface InvariantInput {
  workflows: readonly WorkflowFile[];
  /** The workspace's real components: static matrix entries must name one of them. */
  components: ReadonlyArray<Pick<ComponentRef, 'name' | 'project' | 'component'>>;
}

/** The action that starts and stops ephemeral EC2 runners. */
export const EC2_RUNNER_ACTION = 'machulav/ec2-github-runner';
/** The action that assumes an AWS role through GitHub's OIDC token. */
export const AWS_CREDENTIALS_ACTION = 'aws-actions/configure-aws-credentials';

/** Commands that publish something: images, tags, registry logins. */
const PUSHING = [
  /\bdocker\s+push\b/,
  /\bgit\s+push\b/,
  /\bmesh(\.js)?\s+deploy\b/,
  /\bprojects\.deploy\//,
  /\bdocker\.login\b/,
  /\bmesh(\.js)?\s+docker\s+login\b/,
  /\bnx\s+run\s+\S+:push\b/,
  /\s-t\s+(\S+,)?push\b/,
];
/** A job condition that keeps it off pull requests. */
const PUSH_ONLY = /github\.event_name\s*==\s*'push'|github\.event_name\s*!=\s*'pull_request'/;
/** A dynamic matrix: `${{ fromJSON(needs.<job>.outputs.<name>) }}`. */
const FROM_NEEDS = /^\$\{\{\s*fromJSON\(\s*needs\.([\w-]+)\.outputs\.([\w-]+)\s*\)\s*\}\}$/;
/** A make or mesh target naming a project literally instead of through the matrix. */
const LITERAL_PROJECT = /\bprojects\.[a-z]+\/(?!\$)([a-z0-9][a-z0-9-]*)/;

/**
 * mesh's rules for its workflow files, beyond what actionlint checks. Pure: every problem is
 * returned, each naming the file, the job and the fix.
 * - permissions: `contents: read` at the top; `id-token: write` only in jobs that assume an AWS
 *   role (directly or through the reusable workflow they call); no other write scope, except
 *   `contents: write` in a job that pushes a tag and never runs on a pull request.
 * - no push on pull requests: a job that pushes images or tags (or logs in to a registry) runs
 *   only on pushes.
 * - self-hosted runners: every EC2 runner started is stopped by a job that needs both the start
 *   and every job on the runner, with `if: always()`.
 * - matrices: static entries name real components; dynamic ones come from `mesh ci matrix`; no
 *   run step names a project by hand.
 * - suites: a job over `mesh ci matrix`'s components or libraries runs unit, integration and
 *   functional, each in its own step guarded by `matrix.<suite>`, and no other suite.
 */
export function checkWorkflowInvariants(input: InvariantInput): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const byFile = new Map(input.workflows.map((file) => [file.file, file]));
  for (const file of input.workflows) {
    if (file.parseError) {
      problems.push({ file: file.file, message: file.parseError, kind: 'syntax' });
      continue;
    }
    const workflow = (file.data ?? {}) as Workflow;
    const add = (kind: string, message: string) =>
      problems.push({ file: file.file, kind, message });
    checkPermissions(workflow, (path) => callee(byFile, path), add);
    checkNoPushOnPullRequest(workflow, (path) => callee(byFile, path), add);
    checkSelfHostedRunners(workflow, add);
    checkMatrices(workflow, input.components, add);
    checkSuites(workflow, add);
  }
  return problems;
}

type Report = (kind: string, message: string) => void;
type Callee = (path: string) => Workflow | undefined;

/** The workflow a job's `uses: ./.github/workflows/x.yaml` calls, when it is in the set. */
function callee(byFile: Map<string, WorkflowFile>, path: string): Workflow | undefined {
  const file = byFile.get(path.replace(/^\.\//, '').split('@')[0]);
  return file?.data as Workflow | undefined;
}

function assumesAwsRole(job: Job, resolve: Callee): boolean {
  if (
    stepsOf(job).some(
      (step) => actionOf(step) === AWS_CREDENTIALS_ACTION && step.with?.['role-to-assume'],
    )
  )
    return true;
  const called = job.uses ? resolve(job.uses) : undefined;
  return called
    ? jobsOf(called).some(([, inner]) => assumesAwsRole(inner, () => undefined))
    : false;
}

function pushes(job: Job, resolve: Callee): boolean {
  const stepPushes = stepsOf(job).some(
    (step) =>
      (typeof step.run === 'string' &&
        PUSHING.some((pattern) => pattern.test(step.run as string))) ||
      (actionOf(step) === 'docker/build-push-action' && String(step.with?.push) !== 'false'),
  );
  if (stepPushes) return true;
  const called = job.uses ? resolve(job.uses) : undefined;
  return called ? jobsOf(called).some(([, inner]) => pushes(inner, () => undefined)) : false;
}

function checkPermissions(workflow: Workflow, resolve: Callee, add: Report): void {
  const top = workflow.permissions;
  if (!top || typeof top !== 'object' || (top as Record<string, unknown>).contents !== 'read') {
    add(
      'permissions',
      'the workflow must set `permissions: { contents: read }` at the top, so every job starts from read-only.',
    );
  } else {
    for (const [scope, level] of Object.entries(top as Record<string, unknown>))
      if (level === 'write')
        add(
          'permissions',
          `the top-level permissions grant ${scope}: write; grant it in the one job that needs it.`,
        );
  }
  for (const [id, job] of jobsOf(workflow)) {
    if (job.permissions === undefined) continue;
    if (typeof job.permissions !== 'object' || job.permissions === null) {
      add(
        'permissions',
        `job "${id}" sets permissions: ${String(job.permissions)}; list the scopes it needs instead.`,
      );
      continue;
    }
    for (const [scope, level] of Object.entries(job.permissions as Record<string, unknown>)) {
      if (level !== 'write') continue;
      if (scope === 'id-token') {
        if (!assumesAwsRole(job, resolve))
          add(
            'permissions',
            `job "${id}" has id-token: write but assumes no AWS role (${AWS_CREDENTIALS_ACTION} with role-to-assume); remove it.`,
          );
      } else if (scope === 'contents') {
        const tags = stepsOf(job).some((step) => /\bgit\s+push\b/.test(String(step.run ?? '')));
        if (!tags || !PUSH_ONLY.test(conditionOf(job)))
          add(
            'permissions',
            `job "${id}" has contents: write; only a job that pushes a tag, with if: github.event_name == 'push', may.`,
          );
      } else {
        add('permissions', `job "${id}" has ${scope}: write, which no mesh job needs; remove it.`);
      }
    }
    if (
      assumesAwsRole(job, resolve) &&
      (job.permissions as Record<string, unknown>)['id-token'] !== 'write'
    )
      add(
        'permissions',
        `job "${id}" assumes an AWS role but lacks id-token: write; add it to the job.`,
      );
  }
  for (const [id, job] of jobsOf(workflow))
    if (job.permissions === undefined && assumesAwsRole(job, resolve))
      add(
        'permissions',
        `job "${id}" assumes an AWS role but lacks permissions: { contents: read, id-token: write }.`,
      );
}

function checkNoPushOnPullRequest(workflow: Workflow, resolve: Callee, add: Report): void {
  const events = eventsOf(workflow);
  if (!events.includes('pull_request') && !events.includes('pull_request_target')) return;
  for (const [id, job] of jobsOf(workflow))
    if (pushes(job, resolve) && !PUSH_ONLY.test(conditionOf(job)))
      add(
        'no-push-on-pull-request',
        `job "${id}" pushes (images, tags or a registry login) and can run on a pull request; add if: github.event_name == 'push' && github.ref == 'refs/heads/main'.`,
      );
}

function checkSelfHostedRunners(workflow: Workflow, add: Report): void {
  const jobs = jobsOf(workflow);
  const mode = (step: { with?: Record<string, unknown> }) => String(step.with?.mode ?? '');
  for (const [startId, startJob] of jobs) {
    if (
      !stepsOf(startJob).some(
        (step) => actionOf(step) === EC2_RUNNER_ACTION && mode(step) === 'start',
      )
    )
      continue;
    const onRunner = jobs
      .filter(([, job]) =>
        JSON.stringify(job['runs-on'] ?? '').includes(`needs.${startId}.outputs.label`),
      )
      .map(([id]) => id);
    const stops = jobs.filter(([, job]) =>
      stepsOf(job).some(
        (step) =>
          actionOf(step) === EC2_RUNNER_ACTION &&
          mode(step) === 'stop' &&
          String(step.with?.label ?? '').includes(`needs.${startId}.outputs.`) &&
          String(step.with?.['ec2-instance-id'] ?? '').includes(`needs.${startId}.outputs.`),
      ),
    );
    if (stops.length === 0) {
      add(
        'self-hosted-runner',
        `job "${startId}" starts an EC2 runner but no job stops it: add a job with ${EC2_RUNNER_ACTION} mode: stop, label and ec2-instance-id from needs.${startId}.outputs, and if: always().`,
      );
      continue;
    }
    for (const [stopId, stopJob] of stops) {
      if (!/\balways\(\)/.test(conditionOf(stopJob)))
        add(
          'self-hosted-runner',
          `job "${stopId}" stops the runner of "${startId}" without if: always(), so a failed or cancelled run leaves the instance running; add always() to its if.`,
        );
      const missing = [startId, ...onRunner].filter((id) => !needsOf(stopJob).includes(id));
      if (missing.length > 0)
        add(
          'self-hosted-runner',
          `job "${stopId}" must need ${missing.join(', ')}, so the runner is stopped only after every job on it.`,
        );
    }
  }
}

function checkMatrices(
  workflow: Workflow,
  components: InvariantInput['components'],
  add: Report,
): void {
  const jobs = new Map(jobsOf(workflow));
  for (const [id, job] of jobs) {
    const matrix = job.strategy?.matrix as Record<string, unknown> | string | undefined;
    const include = typeof matrix === 'object' && matrix !== null ? matrix.include : matrix;
    if (typeof include === 'string') {
      const source = FROM_NEEDS.exec(include.trim());
      const producer = source ? jobs.get(source[1]) : undefined;
      const generated = producer
        ? stepsOf(producer).some((step) =>
            /\bmesh(\.js)?\s+ci\s+matrix\b/.test(String(step.run ?? '')),
          )
        : false;
      if (!generated)
        add(
          'matrix',
          `job "${id}" takes its matrix from ${include}, which no \`mesh ci matrix\` step makes; generate it with npx mesh ci matrix.`,
        );
    } else if (Array.isArray(include)) {
      for (const entry of include as Array<Record<string, unknown>>) {
        if (!entry || (entry.project === undefined && entry.name === undefined)) continue;
        const known = components.some(
          (component) =>
            (entry.name === undefined || entry.name === component.name) &&
            (entry.project === undefined || entry.project === component.project) &&
            (entry.component === undefined || entry.component === component.component),
        );
        if (!known)
          add(
            'matrix',
            `job "${id}" has a matrix entry ${JSON.stringify(entry)} that is no component of the workspace (known: ${components.map((component) => component.name).join(', ') || 'none'}).`,
          );
      }
    }
    for (const step of stepsOf(job)) {
      const literal = LITERAL_PROJECT.exec(String(step.run ?? ''));
      if (literal)
        add(
          'matrix',
          `job "${id}" names project "${literal[1]}" by hand in a run step; take it from the matrix (\${{ matrix.project }}).`,
        );
    }
  }
}

function checkSuites(workflow: Workflow, add: Report): void {
  const jobs = jobsOf(workflow);
  const generates = jobs.some(([, job]) =>
    stepsOf(job).some((step) => /\bmesh(\.js)?\s+ci\s+matrix\b/.test(String(step.run ?? ''))),
  );
  const tested = new Set<string>();
  for (const [id, job] of jobs) {
    const matrix = job.strategy?.matrix as Record<string, unknown> | undefined;
    const source =
      typeof matrix?.include === 'string' ? FROM_NEEDS.exec(matrix.include.trim()) : null;
    const output = source?.[2];
    const steps = stepsOf(job);
    const runsAny = SUITES.some((suite) =>
      steps.some((step) => runsSuite(String(step.run ?? ''), suite)),
    );
    if ((output !== 'components' && output !== 'libraries') || !runsAny) continue;
    tested.add(output);
    for (const suite of SUITES) {
      const running = steps.filter((step) => runsSuite(String(step.run ?? ''), suite));
      if (running.length !== 1)
        add(
          'suites',
          `job "${id}" must run the ${suite} suite in exactly one step (it has ${running.length}), as make test runs it.`,
        );
      for (const step of running)
        if (!new RegExp(`\\bmatrix\\.${suite}\\b`).test(conditionOf(step)))
          add(
            'suites',
            `job "${id}": the ${suite} step must have if: matrix.${suite}, so it runs exactly when the package has that suite.`,
          );
    }
    if (steps.some((step) => /\bprojects\.test\//.test(String(step.run ?? ''))))
      add(
        'suites',
        `job "${id}" runs projects.test, which repeats every suite; run each suite in its own step instead.`,
      );
  }
  if (generates)
    for (const output of ['components', 'libraries'])
      if (!tested.has(output))
        add(
          'suites',
          `no job runs the suites of the affected ${output}: make test runs them; add a job over fromJSON(needs.<matrix job>.outputs.${output}) with a step per suite.`,
        );
}

/** Whether a run script runs `suite` of a package: through make (`projects.<suite>/`) or nx (`:<suite>`). */
export function runsSuite(run: string, suite: string): boolean {
  return new RegExp(`\\bprojects\\.${suite}/|\\bnx\\s+run\\s+\\S+:${suite}\\b`).test(run);
}
