/** The parts of a GitHub Actions workflow the invariants read; everything else is left as is. */
export interface Step {
  id?: string;
  name?: string;
  if?: string | boolean;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

export interface Job {
  name?: string;
  if?: string | boolean;
  needs?: string | string[];
  'runs-on'?: unknown;
  permissions?: unknown;
  strategy?: { matrix?: unknown };
  outputs?: Record<string, unknown>;
  steps?: Step[];
  /** A reusable workflow this job calls, e.g. `./.github/workflows/train-pipeline.yaml`. */
  uses?: string;
  with?: Record<string, unknown>;
}

export interface Workflow {
  name?: string;
  on?: unknown;
  permissions?: unknown;
  jobs?: Record<string, Job>;
}

/** The workflow's jobs by id (none when it has no `jobs` mapping). */
export function jobsOf(workflow: Workflow): Array<[string, Job]> {
  const jobs = workflow.jobs;
  return jobs && typeof jobs === 'object' ? Object.entries(jobs) : [];
}

/** The job's steps (none for a reusable-workflow call). */
export function stepsOf(job: Job): Step[] {
  return Array.isArray(job.steps) ? job.steps : [];
}

/** The jobs a job needs, as a list. */
export function needsOf(job: Job): string[] {
  if (typeof job.needs === 'string') return [job.needs];
  return Array.isArray(job.needs) ? job.needs.map(String) : [];
}

/** The events a workflow runs on, from any of the forms `on` takes. */
export function eventsOf(workflow: Workflow): string[] {
  const on = workflow.on;
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return on && typeof on === 'object' ? Object.keys(on) : [];
}

/** A job's or step's `if`, as text (`''` when it has none). */
export function conditionOf(item: { if?: string | boolean }): string {
  return item.if === undefined ? '' : String(item.if);
}

/** The action a step uses, without its version: `machulav/ec2-github-runner`. */
export function actionOf(step: Step): string {
  return typeof step.uses === 'string' ? step.uses.split('@')[0] : '';
}
