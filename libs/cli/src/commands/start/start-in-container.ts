import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  EngineHttp,
  planServiceContainer,
  runComposeService,
  shareFolderWithContainer,
  type EngineApi,
  type ServiceContainer,
} from '@mesh/docker';
import type { Output } from '@mesh/output';
// The module alone: see ../../workspace.ts.
import { readGitInfo } from '@mesh/pipeline/dist/git-info';
import { parse } from 'yaml';
import type { ComponentRef } from '../../workspace';
import { CONTAINER_MESH_HOME } from '../compose/container-mesh-home';
import {
  describeCompose,
  projectCompose,
  projectComposeFile,
  type ProjectComposeFile,
} from '../compose/project-compose';
import { ensureComponentImage } from '../docker/component-image';

/** Options of {@link startInContainer}. */
export interface StartInContainerOptions {
  root: string;
  component: ComponentRef;
  output: Output;
  env: NodeJS.ProcessEnv;
  /** Run the `debugger` stage with the inspector published on 127.0.0.1:`DEBUG_PORT` (default 9229). Default: false. */
  debug?: boolean;
  /** A command replacing the image's own, e.g. an auxiliary task. Default: the image's command. */
  command?: string[];
}

/**
 * `mesh start` in a container: builds the component's image with mesh (so its digest is known;
 * an image whose inputs are unchanged is reused), then runs the project's service `<component>`
 * (or `<component>-debug`) of `docker-compose.dev.yaml`. A service that is one container (the
 * training run) is created from its definition through the Engine API, without compose's own
 * start-up; one with dependencies, published ports (the debugger) or a replaced command (a task,
 * which may read stdin) runs through compose. MESH_HOME (default: the workspace's `.mesh/`) is
 * mounted as the run's home, so the version registers where `mesh models` looks unless
 * REGISTRY_URL / MODEL_STORE_URI say otherwise, with the image's reference and digest and the
 * host's git state in its lineage. Returns the container's exit code.
 */
export async function startInContainer(options: StartInContainerOptions): Promise<number> {
  const { root, component, output, env } = options;
  // Plain HTTP to the engine: dockerode (and its gRPC and SSH modules) loads only for a build.
  const engine = new EngineHttp({}, env);
  // git and the engine answer in parallel: both are waits on other processes.
  const [, git] = await Promise.all([engine.ping(), readGitInfo(root, env)]);
  const project = projectComposeFile(root, component.project);
  const image = await ensureComponentImage({
    engine,
    root,
    component,
    output,
    env,
    git,
    stage: options.debug ? 'debugger' : 'production',
  });
  const home = env.MESH_HOME || join(root, '.mesh');
  const user = shareFolderWithContainer(home);
  const service = options.debug ? `${component.component}-debug` : component.component;
  if (options.debug)
    output.info(
      `The inspector waits on 127.0.0.1:${env.DEBUG_PORT || 9229}: attach a debugger (chrome://inspect, or VS Code "Attach"). Stop it with: make projects.stop/${component.project}`,
    );
  // The host's job summary (GitHub Actions) is not in the container: the run writes its own into
  // the mounted mesh home, appended to the host's once the container has exited.
  const summary = `step-summary-${process.pid}-${Date.now()}.md`;
  const runEnv: NodeJS.ProcessEnv = {
    ...env,
    MESH_HOME: home,
    MESH_HOST_HOME: home,
    MESH_UID: String(user.uid),
    MESH_GID: String(user.gid),
    MESH_IMAGE_REFERENCE: image.tags[0],
    MESH_IMAGE_DIGEST: image.id,
    MESH_GIT_SHA: git.sha ?? '',
    MESH_GIT_BRANCH: git.branch ?? '',
    MESH_GIT_DIRTY: git.dirty === null ? '' : String(git.dirty),
    ...(env.GITHUB_STEP_SUMMARY
      ? { GITHUB_STEP_SUMMARY: `${CONTAINER_MESH_HOME}/${summary}` }
      : {}),
  };
  // Piped or redirected stdin (a task reading JSONL) must reach the container as is.
  const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  try {
    const single =
      options.debug || options.command
        ? undefined
        : singleContainer(output, root, project, service, runEnv);
    if (single) {
      output.info(
        `Starting ${component.name} in a container of ${image.tags[0]} (service ${service} of ${project.file})`,
      );
      return await runServiceContainer(engine, single, project, service, terminal);
    }
    const compose = await projectCompose(root, component.project);
    output.info(
      `Starting ${component.name} in a container of ${image.tags[0]} (${describeCompose(compose)} run ${service})`,
    );
    return await runComposeService({
      compose: compose.compose,
      files: [compose.file],
      service,
      profiles: options.debug ? ['debug'] : [],
      projectName: compose.projectName,
      servicePorts: options.debug,
      command: options.command,
      noTty: !terminal,
      cwd: root,
      env: runEnv,
    });
  } finally {
    await relayStepSummary(join(home, summary), env, output);
  }
}

/** The service as one container, or undefined when it needs compose (saying why). */
function singleContainer(
  output: Output,
  root: string,
  project: ProjectComposeFile,
  service: string,
  env: NodeJS.ProcessEnv,
): ServiceContainer | undefined {
  const path = join(root, project.file);
  const plan = planServiceContainer(parse(readFileSync(path, 'utf8')), {
    service,
    projectDir: dirname(path),
    projectName: project.projectName,
    env,
  });
  if ('container' in plan) return plan.container;
  output.info(`Running ${service} through compose: ${plan.needsCompose}`);
  return undefined;
}

/** Creates, starts and removes the container as `compose run --rm` would, returning its exit code. */
function runServiceContainer(
  engine: EngineApi,
  container: ServiceContainer,
  project: ProjectComposeFile,
  service: string,
  tty: boolean,
): Promise<number> {
  return engine.runContainer({
    // compose v1's name for a one-off container, so `docker ps` reads the same.
    name: `${project.projectName}_${service}_run_${randomBytes(6).toString('hex')}`,
    image: container.image,
    command: container.command,
    env: container.env,
    binds: container.binds,
    user: container.user,
    labels: container.labels,
    network: container.network,
    gpus: container.gpus,
    tty,
  });
}

/** Appends the job summary a container wrote, if any, to the host's, and removes it. */
export async function relayStepSummary(
  file: string,
  env: NodeJS.ProcessEnv,
  output: Output,
): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY || !existsSync(file)) return;
  const { appendStepSummary } = await import('@mesh/pipeline');
  appendStepSummary(readFileSync(file, 'utf8'), env, output);
  rmSync(file, { force: true });
}
