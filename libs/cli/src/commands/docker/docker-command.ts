import type { Output } from '@mesh/output';
import { connectDocker, EngineHttp } from '@mesh/docker';
import { resolveComponent, workspaceRoot } from '../../workspace';
import { buildBaseImage } from './base-images';
import { ensureComponentImage } from './component-image';

/** Options of `mesh docker build <image>`. */
export interface DockerBuildOptions {
  cwd: string;
  output: Output;
  image: string;
  /** Rebuild the base images it depends on too. Default: false. */
  all?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** `mesh docker build <image>`: builds a base image (debian, node-base, s3rver). */
export async function dockerBuild(options: DockerBuildOptions): Promise<number> {
  const env = options.env ?? process.env;
  const root = workspaceRoot(options.cwd);
  const docker = await connectDocker(env);
  const reference = await buildBaseImage({
    docker,
    root,
    image: options.image,
    output: options.output,
    env,
    rebuildDependencies: options.all,
  });
  options.output.success(`Built ${reference}`);
  return 0;
}

/** Options of `mesh build` when it builds an image. */
export interface ImageBuildCommandOptions {
  cwd: string;
  output: Output;
  project: string;
  component: string;
  stage?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * `mesh build <project>` in containers: the component's image, for the chosen stage. An image
 * whose inputs are unchanged is found through plain HTTP to the engine: dockerode loads only
 * when there is something to build.
 */
export async function buildComponent(options: ImageBuildCommandOptions): Promise<number> {
  const env = options.env ?? process.env;
  const root = workspaceRoot(options.cwd);
  const component = resolveComponent(root, options.project, options.component);
  const engine = new EngineHttp({}, env);
  await engine.ping();
  const built = await ensureComponentImage({
    engine,
    root,
    component,
    output: options.output,
    env,
    stage: options.stage,
  });
  options.output.success(`Built ${built.tags[0]} (${built.stage}) ${options.output.dim(built.id)}`);
  options.output.result(`Image: ${built.tags[0]}`);
  return 0;
}
