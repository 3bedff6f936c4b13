import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { connectDocker, runContainer } from '@mesh/docker';
import type { Output } from '@mesh/output';
import { appendStepSummary, pipelineSettingsSpec, readGitInfo } from '@mesh/pipeline';
import { isSecretName } from '@mesh/settings';
import { registrySettingsSpec } from '@mesh/registry';
import { readComponentDeclaration } from '@mesh/workspace';
import type { ComponentRef } from '../../workspace';
import { buildComponentImage } from '../docker/component-image';

/** The container path of the host's mesh home, where the embedded registry and store live. */
const CONTAINER_MESH_HOME = '/var/lib/mesh';

/** Variables passed from the host into the container when set: where to register, and how. */
const PASSED_THROUGH = [
  ...Object.keys(registrySettingsSpec),
  ...Object.keys(pipelineSettingsSpec),
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'GITHUB_ACTIONS',
];

/**
 * `mesh start` in a container: builds the component's production image, then runs it with the
 * workspace's `.mesh/` mounted as its MESH_HOME, so the version registers where `mesh models`
 * looks, with the image's reference and digest in its lineage. Returns the container's exit code.
 */
export async function startInContainer(
  root: string,
  component: ComponentRef,
  output: Output,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const docker = await connectDocker(env);
  const image = await buildComponentImage({
    docker,
    root,
    component,
    output,
    env,
    stage: 'production',
  });
  const home = env.MESH_HOME || join(root, '.mesh');
  mkdirSync(home, { recursive: true });
  const uid = process.getuid?.() ?? 1000;
  // As root, run as the image's own non-root user and give it the mesh home; otherwise run as
  // the calling user, so the files the run writes stay theirs.
  if (uid === 0) chownTree(home, 1000, 1000);
  const passed = Object.fromEntries(
    PASSED_THROUGH.filter(
      (name) => env[name] !== undefined && !name.startsWith('GITHUB_TOKEN'),
    ).map((name) => [name, env[name]!]),
  );
  for (const [name, value] of Object.entries(env))
    if (name.startsWith('GITHUB_') && !isSecretName(name) && value) passed[name] = value;
  const git = await readGitInfo(root, env);
  // The host's job summary is not in the container: the run writes its own into the mounted
  // mesh home, and it is appended to the host's once the container has exited.
  const summaryName = `step-summary-${process.pid}-${Date.now()}.md`;
  if (env.GITHUB_STEP_SUMMARY) passed.GITHUB_STEP_SUMMARY = `${CONTAINER_MESH_HOME}/${summaryName}`;
  else delete passed.GITHUB_STEP_SUMMARY;
  const gpus = readComponentDeclaration(component, root).gpu;
  output.info(
    `Starting ${component.name} in a container of ${image.tags[0]}${gpus > 0 ? ` with ${gpus} GPU(s)` : ''}`,
  );
  try {
    return await runContainer({
      docker,
      image: image.id,
      user: uid === 0 ? undefined : `${uid}:${process.getgid?.() ?? uid}`,
      env: {
        ...passed,
        ...(env.ENVIRONMENT ? { ENVIRONMENT: env.ENVIRONMENT } : {}),
        MESH_HOME: CONTAINER_MESH_HOME,
        MESH_IMAGE_REFERENCE: image.tags[0],
        MESH_IMAGE_DIGEST: image.id,
        MESH_GIT_SHA: git.sha ?? '',
        MESH_GIT_BRANCH: git.branch ?? '',
        MESH_GIT_DIRTY: git.dirty === null ? '' : String(git.dirty),
      },
      binds: [`${home}:${CONTAINER_MESH_HOME}`],
      // The host's network, so S3_ENDPOINT_URL and REGISTRY_URL on loopback (make infra.up) mean the same inside.
      network: 'host',
      labels: { 'dev.mesh.project': component.project, 'dev.mesh.component': component.component },
      gpus,
    });
  } finally {
    relayStepSummary(join(home, summaryName), env, output);
  }
}

/** Appends the container's job summary, if it wrote one, to the host's, and removes it. */
export function relayStepSummary(file: string, env: NodeJS.ProcessEnv, output: Output): void {
  if (!env.GITHUB_STEP_SUMMARY || !existsSync(file)) return;
  appendStepSummary(readFileSync(file, 'utf8'), env, output);
  rmSync(file, { force: true });
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) chownTree(child, uid, gid);
    else chownSync(child, uid, gid);
  }
}
