import { connectDocker, pushImage } from '@mesh/docker';
import type { Output } from '@mesh/output';
import { resolveComponent, workspaceRoot } from '../../workspace';
import { buildComponentImage } from './component-image';
import { registryAuth, registryFromSettings } from './registry-auth';

/** Options of `mesh deploy`. */
export interface DeployOptions {
  cwd: string;
  output: Output;
  project: string;
  component: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * `mesh deploy`: builds the component's production image and pushes it to `REGISTRY` as
 * `<REGISTRY>/<project>-<component>:<IMAGE_TAG>`. Amazon ECR hosts
 * (`<account>.dkr.ecr.<region>.amazonaws.com`) get a token from ECR, and their repository is
 * created when missing; any other registry takes `REGISTRY_USERNAME` and `REGISTRY_PASSWORD`
 * when set. Prints the pushed digest.
 */
export async function deploy(options: DeployOptions): Promise<number> {
  const env = options.env ?? process.env;
  const registry = registryFromSettings(env);
  const root = workspaceRoot(options.cwd);
  const component = resolveComponent(root, options.project, options.component);
  const docker = await connectDocker(env);
  const image = await buildComponentImage({
    docker,
    root,
    component,
    output: options.output,
    env,
    stage: 'production',
  });
  const reference = `${registry}/${component.name}:${env.IMAGE_TAG || 'dev'}`;
  const auth = await registryAuth(env, registry, component.name);
  const pushed = await options.output.step(`Pushing ${reference}`, (progress) =>
    pushImage({
      docker,
      source: image.id,
      reference,
      auth,
      onProgress: (status) => progress.detail(status),
    }),
  );
  options.output.success(`Pushed ${pushed.reference}@${pushed.digest}`);
  options.output.result(`Digest: ${pushed.digest}`);
  return 0;
}
