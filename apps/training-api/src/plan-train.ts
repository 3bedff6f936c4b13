import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  BACKENDS,
  componentJobSpec,
  JobRequestError,
  normaliseTrainerRequest,
  trainerJobSpec,
  type BackendName,
  type JobRecord,
  type JobSpec,
  type JobsSettings,
} from '@mesh/jobs';
import { REDACTED } from '@mesh/settings';
import { listComponents, type ComponentRef } from '@mesh/workspace';

/** What a `POST /train` needs besides its body. */
export interface PlanTrainContext {
  root: string;
  meshHome: string;
  jobs: JobsSettings;
  env: NodeJS.ProcessEnv;
  gitSha?: string;
  /** The job's id. Default: a new one. */
  id?: string;
  /** Most trainer flags a request may render. Default: no limit. */
  maxFlags?: number;
}

/** A request the service cannot run as it stands (e.g. the component is not built): 409. */
export class NotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
  }
}

/**
 * Turns the body of `POST /train` into a job spec: a mesh component when it names a `project`,
 * else the seed's trainer request. Bad fields throw {@link JobRequestError} naming the field
 * and the accepted values.
 */
export function planTrain(body: Record<string, unknown>, context: PlanTrainContext): JobSpec {
  const backend = (body.backend ?? context.jobs.DEFAULT_TRAINING_BACKEND) as BackendName;
  if (!BACKENDS.includes(backend))
    throw new JobRequestError('backend', `"${String(backend)}" is not a backend`, BACKENDS);
  if (body.project === undefined) {
    const request = normaliseTrainerRequest(body, backend);
    const flags = Object.values(request.args).reduce<number>(
      (count, value) => count + (Array.isArray(value) ? value.length : 1),
      0,
    );
    if (context.maxFlags !== undefined && flags > context.maxFlags)
      throw new JobRequestError(
        'trainer_args',
        `renders ${flags} flags, more than MAX_FLAGS (${context.maxFlags}): pass the rest in a config file`,
      );
    return trainerJobSpec(request, {
      root: context.root,
      jobs: context.jobs,
      gitSha: context.gitSha,
      id: context.id,
    });
  }
  const component = findComponent(context.root, body.project, body.component ?? 'train');
  if (backend === 'local' && !existsSync(join(component.root, 'dist', 'main.js')))
    throw new NotReadyError(
      `${component.path} is not built: run \`npx nx run ${component.name}:build\` (or npm run build) on the service's machine.`,
    );
  const settings = Object.fromEntries(
    Object.entries((body.settings ?? {}) as Record<string, unknown>).map(([name, value]) => [
      name,
      String(value),
    ]),
  );
  return componentJobSpec({
    root: context.root,
    component,
    backend,
    settings,
    jobs: context.jobs,
    meshHome: context.meshHome,
    env: context.env,
    gitSha: context.gitSha,
    id: context.id,
    jobName: typeof body.job_name === 'string' ? body.job_name : undefined,
  });
}

function findComponent(root: string, project: unknown, component: unknown): ComponentRef {
  const all = listComponents(root);
  const projects = [...new Set(all.map((ref) => ref.project))];
  const ofProject = all.filter((ref) => ref.project === project);
  if (ofProject.length === 0)
    throw new JobRequestError('project', `"${String(project)}" is not a project`, projects);
  const found = ofProject.find((ref) => ref.component === component);
  if (!found)
    throw new JobRequestError(
      'component',
      `"${String(component)}" is not a component of ${String(project)}`,
      ofProject.map((ref) => ref.component),
    );
  return found;
}

/**
 * Rebuilds the job spec of a stored Kubernetes or Vertex job from its (redacted) record, for a
 * job the service accepted but died before submitting. Only when nothing secret is needed: a
 * dry run (secrets are references) or a request without secrets. Otherwise undefined.
 */
export function replanFromRecord(
  record: JobRecord,
  context: PlanTrainContext,
): JobSpec | undefined {
  if (record.backend !== 'kubernetes' && record.backend !== 'vertex') return undefined;
  const applies =
    record.backend === 'kubernetes'
      ? context.jobs.K8S_APPLY === '1'
      : context.jobs.VERTEX_SUBMIT === '1';
  if (applies && JSON.stringify(record.args).includes(REDACTED)) return undefined;
  const args = record.args as Record<string, unknown>;
  const body: Record<string, unknown> =
    args.project !== undefined
      ? {
          project: args.project,
          component: args.component,
          backend: args.backend,
          settings: args.settings,
          ...(args.job_name ? { job_name: args.job_name } : {}),
        }
      : {
          backend: args.backend,
          ...(args.job_name ? { job_name: args.job_name } : {}),
          ...(args.args as Record<string, unknown>),
          env: args.env,
        };
  return planTrain(body, { ...context, id: record.id });
}
