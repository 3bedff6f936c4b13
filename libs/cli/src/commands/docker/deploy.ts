import { ECRClient } from '@aws-sdk/client-ecr';
import { connectDocker, ecrAuth, parseEcrHost, pushImage, type RegistryAuth } from '@mesh/docker';
import type { Output } from '@mesh/output';
import { UsageError } from '../../errors';
import { resolveComponent, workspaceRoot } from '../../workspace';
import { buildComponentImage } from './component-image';

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
  const registry = env.REGISTRY?.replace(/^https?:\/\//, '').replace(/\/$/, '');
  if (!registry) {
    throw new UsageError(
      'Set REGISTRY to the registry to push to, e.g. REGISTRY=127.0.0.1:5000 or REGISTRY=<account>.dkr.ecr.<region>.amazonaws.com.',
    );
  }
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
  const ecr = parseEcrHost(registry.split('/')[0]);
  let auth: RegistryAuth | undefined;
  if (ecr) auth = await ecrAuth(new ECRClient({ region: ecr.region }), registry, component.name);
  else if (env.REGISTRY_USERNAME)
    auth = {
      username: env.REGISTRY_USERNAME,
      password: env.REGISTRY_PASSWORD ?? '',
      serveraddress: registry,
    };
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
