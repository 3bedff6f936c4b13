import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { connectDocker, runComposeService, shareFolderWithContainer } from '@mesh/docker';
import type { Output } from '@mesh/output';
import { appendStepSummary, readGitInfo } from '@mesh/pipeline';
import type { ComponentRef } from '../../workspace';
import { CONTAINER_MESH_HOME } from '../compose/compose-file';
import { describeCompose, projectCompose } from '../compose/project-compose';
import { buildComponentImage } from '../docker/component-image';

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
 * `mesh start` in a container: builds the component's image with mesh (so its digest is known),
 * then runs the project's compose service `<component>` (or `<component>-debug`) from
 * `docker-compose.dev.yaml`. MESH_HOME (default: the workspace's `.mesh/`) is mounted as the run's home, so the version
 * registers where `mesh models` looks unless REGISTRY_URL / MODEL_STORE_URI say otherwise, with
 * the image's reference and digest and the host's git state in its lineage. Returns the
 * container's exit code.
 */
export async function startInContainer(options: StartInContainerOptions): Promise<number> {
  const { root, component, output, env } = options;
  const docker = await connectDocker(env);
  const project = await projectCompose(root, component.project);
  const image = await buildComponentImage({
    docker,
    root,
    component,
    output,
    env,
    stage: options.debug ? 'debugger' : 'production',
  });
  const home = env.MESH_HOME || join(root, '.mesh');
  const user = shareFolderWithContainer(home);
  const git = await readGitInfo(root, env);
  const service = options.debug ? `${component.component}-debug` : component.component;
  output.info(
    `Starting ${component.name} in a container of ${image.tags[0]} (${describeCompose(project)} run ${service})`,
  );
  if (options.debug)
    output.info(
      `The inspector waits on 127.0.0.1:${env.DEBUG_PORT || 9229}: attach a debugger (chrome://inspect, or VS Code "Attach"). Stop it with: make projects.stop/${component.project}`,
    );
  // The host's job summary (GitHub Actions) is not in the container: the run writes its own into
  // the mounted mesh home, appended to the host's once the container has exited.
  const summary = `step-summary-${process.pid}-${Date.now()}.md`;
  try {
    return await runComposeService({
      compose: project.compose,
      files: [project.file],
      service,
      profiles: options.debug ? ['debug'] : [],
      projectName: project.projectName,
      servicePorts: options.debug,
      command: options.command,
      // Piped or redirected stdin (a task reading JSONL) must reach the container as is.
      noTty: !process.stdin.isTTY || !process.stdout.isTTY,
      cwd: root,
      env: {
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
      },
    });
  } finally {
    relayStepSummary(join(home, summary), env, output);
  }
}

/** Appends the job summary a container wrote, if any, to the host's, and removes it. */
export function relayStepSummary(file: string, env: NodeJS.ProcessEnv, output: Output): void {
  if (!env.GITHUB_STEP_SUMMARY || !existsSync(file)) return;
  appendStepSummary(readFileSync(file, 'utf8'), env, output);
  rmSync(file, { force: true });
}
