import { join, resolve } from 'node:path';
import { dockerLib } from './docker-lib';
import { REGISTRY_VARIABLES } from '@mesh/registry';
import { REDACTED } from '@mesh/settings';
import {
  readComponentDeclaration,
  type ComponentDeclaration,
  type ComponentRef,
} from '@mesh/workspace';
import { JobRequestError } from './errors';
import type { JobsSettings } from './jobs-settings';
import type { BackendName, JobSpec } from './job-types';
import { newJobId, uniqueJobName } from './names';
import { redactDeep, SecretScrubber, splitSecrets } from './redact';
import { collectSecrets } from './request-secrets';
import { renderSecretFlags, secretArgReferences, type TrainerRequest } from './trainer-request';

/** Where a component's image, and its registry home inside containers, are. */
export const CONTAINER_MESH_HOME = '/var/lib/mesh';

const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Inputs of {@link componentJobSpec}. */
export interface ComponentJobInput {
  root: string;
  component: ComponentRef;
  backend: BackendName;
  /** The component's settings for this run (`--set KEY=VALUE`, or `settings` of `POST /train`). */
  settings: Record<string, string>;
  jobs: JobsSettings;
  /** Where the embedded registry lives on this machine (the local and docker backends register there). */
  meshHome: string;
  /** The submitting environment: registry variables, `IMAGE_TAG`, `ENVIRONMENT`. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  gitSha?: string;
  /** Human-readable base of the job name. Default: `<project>-<component>`. */
  jobName?: string;
  /** Docker backend: the image to run. Default: `<project>-<component>:<IMAGE_TAG or dev>`. */
  image?: string;
  id?: string;
  /** Setting names declared secret (beyond secret-like names): their values are never stored. */
  secretNames?: ReadonlySet<string>;
}

/** The image reference of a component for a backend: the local tag, or under `K8S_IMAGE_REGISTRY`. */
export function componentImage(
  component: ComponentRef,
  backend: BackendName,
  jobs: JobsSettings,
  env: NodeJS.ProcessEnv,
): string {
  const tag = `${component.name}:${env.IMAGE_TAG || 'dev'}`;
  const remote = backend === 'kubernetes' || backend === 'vertex';
  return remote && jobs.K8S_IMAGE_REGISTRY
    ? `${jobs.K8S_IMAGE_REGISTRY.replace(/\/+$/, '')}/${tag}`
    : tag;
}

/** A job that runs a mesh component with the given settings, on any backend. */
export function componentJobSpec(input: ComponentJobInput): JobSpec {
  const env = input.env ?? process.env;
  for (const name of Object.keys(input.settings))
    if (!SETTING_NAME.test(name))
      throw new JobRequestError(
        `settings.${name}`,
        'is not a variable name: use letters, digits and _',
      );
  const resources = readComponentDeclaration(input.component, input.root);
  const id = input.id ?? newJobId();
  const passed: Record<string, string> = {};
  // The component's own pass-through variables (`mesh.env`) as well, e.g. cbng's REVIEW_API_URL.
  for (const name of [...REGISTRY_VARIABLES, 'ENVIRONMENT', ...resources.env])
    if (env[name] !== undefined && env[name] !== '') passed[name] = env[name]!;
  const secretValues = collectSecrets(
    { ...passed, ...input.settings },
    { secretNames: input.secretNames },
  );
  const scrubber = new SecretScrubber(secretValues);
  const { env: plain, secrets } = splitSecrets(
    { ...passed, ...input.settings },
    input.secretNames,
    secretValues,
  );
  const base = {
    id,
    name: uniqueJobName(input.jobName ?? input.component.name, id),
    backend: input.backend,
    project: input.component.project,
    component: input.component.component,
    gitSha: input.gitSha,
    args: [],
    secrets,
    secretValues,
    resources,
    request: redactDeep(
      {
        project: input.component.project,
        component: input.component.component,
        backend: input.backend,
        settings: Object.fromEntries(
          Object.entries(input.settings).map(([name, value]) => [
            name,
            name in secrets ? REDACTED : value,
          ]),
        ),
        ...(input.jobName ? { job_name: input.jobName } : {}),
      },
      scrubber,
    ),
    timeoutMs: input.jobs.JOB_TIMEOUT_SECONDS ? input.jobs.JOB_TIMEOUT_SECONDS * 1000 : undefined,
  };
  const lineage = {
    ...(input.gitSha ? { MESH_GIT_SHA: input.gitSha } : {}),
    MESH_JOB_ID: id,
  };
  switch (input.backend) {
    case 'local':
      return {
        ...base,
        command: [process.execPath, join(input.component.root, 'dist', 'main.js')],
        cwd: input.root,
        env: { ...plain, ...lineage, MESH_HOME: input.meshHome },
      };
    case 'docker': {
      const image = input.image ?? componentImage(input.component, 'docker', input.jobs, env);
      return {
        ...base,
        image,
        env: {
          ...plain,
          ...lineage,
          MESH_HOME: CONTAINER_MESH_HOME,
          MESH_IMAGE_REFERENCE: image,
        },
        docker: {
          binds: [`${input.meshHome}:${CONTAINER_MESH_HOME}`],
          // The host's network, so loopback S3_ENDPOINT_URL and REGISTRY_URL mean the same inside.
          network: 'host',
          user: containerUserFor(input.meshHome),
        },
      };
    }
    default: {
      // Remote backends register where their settings say; the submitting machine's paths mean nothing there.
      const image = input.image ?? componentImage(input.component, input.backend, input.jobs, env);
      return { ...base, image, env: { ...plain, ...lineage, MESH_IMAGE_REFERENCE: image } };
    }
  }
}

/** Resources of a trainer request: the seed's GPU trainer, `K8S_TRAINER_GPUS` GPUs. */
function trainerResources(jobs: JobsSettings): ComponentDeclaration {
  return {
    gpu: jobs.K8S_TRAINER_GPUS,
    runner: 'self-hosted',
    resources: { cpu: '1', memory: '2Gi' },
    kubernetes: { nodeSelector: {}, tolerations: [] },
    env: [],
  };
}

/** A job that runs the seed's training script with rendered flags. */
export function trainerJobSpec(
  request: TrainerRequest,
  options: { root: string; jobs: JobsSettings; gitSha?: string; id?: string },
): JobSpec {
  const id = options.id ?? newJobId();
  // Collected once from everything the request carries; every derived value is scrubbed of them.
  const secretValues = collectSecrets({ args: request.args, env: request.env });
  const scrubber = new SecretScrubber(secretValues);
  const { env, secrets: secretEnv } = splitSecrets(request.env, new Set(), secretValues);
  const { flags, secrets: secretFlags } = renderSecretFlags(request.args, secretValues);
  if (request.backend === 'vertex') refuseSecretFlagsOnVertex(flags);
  const secrets = { ...secretEnv, ...secretFlags };
  const base = {
    id,
    name: uniqueJobName(request.jobName, id),
    backend: request.backend,
    gitSha: options.gitSha,
    args: flags,
    env: { ...env, MESH_JOB_ID: id },
    secrets,
    secretValues,
    resources: trainerResources(options.jobs),
    request: redactDeep(
      {
        backend: request.backend,
        ...(request.jobName ? { job_name: request.jobName } : {}),
        args: request.args,
        flags,
        env: Object.fromEntries(
          Object.entries(request.env).map(([name, value]) => [
            name,
            name in secretEnv ? REDACTED : value,
          ]),
        ),
      },
      scrubber,
    ),
    timeoutMs: options.jobs.JOB_TIMEOUT_SECONDS
      ? options.jobs.JOB_TIMEOUT_SECONDS * 1000
      : undefined,
  };
  if (request.backend === 'local') {
    return {
      ...base,
      command: [options.jobs.PYTHON_BIN, resolve(options.root, options.jobs.TRAIN_SCRIPT_PATH)],
      cwd: options.root,
    };
  }
  const image =
    request.backend === 'vertex' ? options.jobs.VERTEX_IMAGE_URI : options.jobs.K8S_TRAINING_IMAGE;
  const setting = request.backend === 'vertex' ? 'VERTEX_IMAGE_URI' : 'K8S_TRAINING_IMAGE';
  if (!image)
    throw new JobRequestError(
      'backend',
      `the ${request.backend} backend needs the trainer image: set ${setting} in the service's environment`,
    );
  return { ...base, image };
}

/**
 * A Vertex AI CustomJob's container spec has no secret references (no `secretKeyRef` as in
 * Kubernetes, no expansion from Secret Manager): a secret flag would reach the job only written
 * in clear in the spec, which anyone who can list jobs reads. Such a request is refused, naming
 * the flags and the two ways that keep the value secret.
 */
function refuseSecretFlagsOnVertex(flags: string[]): void {
  const secret = flags.flatMap((flag, index) =>
    secretArgReferences(flag).length > 0 ? [flags[index - 1] ?? flag] : [],
  );
  if (secret.length > 0)
    throw new JobRequestError(
      'trainer_args',
      `${secret.join(', ')} would carry a secret value, and a Vertex AI CustomJob cannot reference secrets in its arguments: store the value in Secret Manager and let the job read it through its service account (pass its secret name instead), or use the kubernetes backend (a Secret referenced by the Job)`,
    );
}

/** The docker backend's container user: the caller, who owns the mesh home (root included). */
function containerUserFor(meshHome: string): string | undefined {
  const user = dockerLib().shareFolderWithContainer(meshHome);
  return `${user.uid}:${user.gid}`;
}
