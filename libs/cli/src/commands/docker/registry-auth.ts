import { ECRClient } from '@aws-sdk/client-ecr';
import { ecrAuth, parseEcrHost, type RegistryAuth } from '@mesh/docker';
import { UsageError } from '../../errors';

/** `REGISTRY` without scheme or trailing slash, or a usage error saying how to set it. */
export function registryFromSettings(env: NodeJS.ProcessEnv): string {
  const registry = env.REGISTRY?.replace(/^https?:\/\//, '').replace(/\/$/, '');
  if (!registry) {
    throw new UsageError(
      'Set REGISTRY to the registry to push to, e.g. REGISTRY=127.0.0.1:5000 or REGISTRY=<account>.dkr.ecr.<region>.amazonaws.com.',
    );
  }
  return registry;
}

/**
 * Credentials for `registry`: an Amazon ECR token (creating `repository` when given and
 * missing), else `REGISTRY_USERNAME` / `REGISTRY_PASSWORD` when set, else none (an open registry).
 */
export async function registryAuth(
  env: NodeJS.ProcessEnv,
  registry: string,
  repository?: string,
): Promise<RegistryAuth | undefined> {
  const ecr = parseEcrHost(registry.split('/')[0]);
  if (ecr) return ecrAuth(new ECRClient({ region: ecr.region }), registry, repository);
  if (env.REGISTRY_USERNAME)
    return {
      username: env.REGISTRY_USERNAME,
      password: env.REGISTRY_PASSWORD ?? '',
      serveraddress: registry,
    };
  return undefined;
}
