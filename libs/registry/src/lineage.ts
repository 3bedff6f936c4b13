import { hostname } from 'node:os';
import { isSecretName } from '@mesh/settings';

/** Where a model version came from: enough to rebuild or audit it. */
export interface Lineage {
  git: { sha: string | null; branch: string | null; dirty: boolean | null };
  /** The CI run that made it (`GITHUB_*`), or null outside CI. */
  ci: Record<string, string> | null;
  /** The image it ran in, or null when it ran in-process. */
  image: { reference: string; digest: string | null } | null;
  /** Every data set read, with the digest of the exact bytes. */
  datasets: Array<{ name: string; uri: string; digest: string }>;
  /**
   * What names the run within its project, when the project has such names (cbng: its target
   * and instance, the folder `<target>/<instance>/` of its files). Absent in older records.
   */
  run?: Record<string, string>;
  /** The settings of the run, secrets redacted. */
  settings: Record<string, unknown>;
  host: string;
  startedAt: string;
  durationMs: number;
}

/** The GitHub Actions variables that identify a run (besides `GITHUB_ACTIONS`); tokens are never among them. */
export const CI_VARIABLES = [
  'GITHUB_REPOSITORY',
  'GITHUB_SHA',
  'GITHUB_REF',
  'GITHUB_REF_NAME',
  'GITHUB_HEAD_REF',
  'GITHUB_BASE_REF',
  'GITHUB_EVENT_NAME',
  'GITHUB_WORKFLOW',
  'GITHUB_JOB',
  'GITHUB_RUN_ID',
  'GITHUB_RUN_NUMBER',
  'GITHUB_RUN_ATTEMPT',
  'GITHUB_ACTOR',
  'GITHUB_SERVER_URL',
  'RUNNER_NAME',
  'RUNNER_OS',
];

/** The CI context from `GITHUB_*` variables, or null when not running on GitHub Actions. */
export function ciContext(env: Record<string, string | undefined>): Record<string, string> | null {
  if (env.GITHUB_ACTIONS !== 'true') return null;
  const context: Record<string, string> = {};
  for (const name of CI_VARIABLES) {
    const value = env[name];
    if (value && !isSecretName(name)) context[name] = value;
  }
  if (context.GITHUB_SERVER_URL && context.GITHUB_REPOSITORY && context.GITHUB_RUN_ID) {
    context.run_url = `${context.GITHUB_SERVER_URL}/${context.GITHUB_REPOSITORY}/actions/runs/${context.GITHUB_RUN_ID}`;
  }
  return context;
}

/** The image a containerised run came from (`MESH_IMAGE_REFERENCE`, `MESH_IMAGE_DIGEST`), set by mesh's runners. */
export function imageContext(env: Record<string, string | undefined>): Lineage['image'] {
  const reference = env.MESH_IMAGE_REFERENCE;
  return reference ? { reference, digest: env.MESH_IMAGE_DIGEST || null } : null;
}

/** Assembles a version's lineage from what the run knows and the environment it ran in. */
export function collectLineage(input: {
  git: Lineage['git'];
  datasets: Lineage['datasets'];
  run?: Lineage['run'];
  settings: Record<string, unknown>;
  startedAt: Date;
  finishedAt: Date;
  env?: Record<string, string | undefined>;
}): Lineage {
  const env = input.env ?? process.env;
  return {
    git: input.git,
    ci: ciContext(env),
    image: imageContext(env),
    datasets: input.datasets,
    ...(input.run ? { run: input.run } : {}),
    settings: input.settings,
    host: hostname(),
    startedAt: input.startedAt.toISOString(),
    durationMs: input.finishedAt.getTime() - input.startedAt.getTime(),
  };
}
