import type { ECRClient } from '@aws-sdk/client-ecr';
import type { RegistryAuth } from './push-image';

// The SDK is loaded on the first push to ECR only: every other command of mesh that uses
// @mesh/docker (mesh start above all) would pay for loading it.
const sdk = () => import('@aws-sdk/client-ecr');

/** `<account>.dkr.ecr.<region>.amazonaws.com`, the host of an Amazon ECR registry. */
const ECR_HOST = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com$/;

/** The account and region of an ECR registry host, or undefined for any other registry. */
export function parseEcrHost(host: string): { account: string; region: string } | undefined {
  const match = ECR_HOST.exec(host);
  return match ? { account: match[1], region: match[2] } : undefined;
}

/**
 * Push credentials for Amazon ECR from `GetAuthorizationToken` (valid 12 hours), creating the
 * repository first when one is given and does not exist yet. The client comes from the caller,
 * with the AWS SDK's default credential chain.
 */
export async function ecrAuth(
  client: ECRClient,
  host: string,
  repository?: string,
): Promise<RegistryAuth> {
  if (repository) await ensureRepository(client, repository);
  const { GetAuthorizationTokenCommand } = await sdk();
  const { authorizationData } = await client.send(new GetAuthorizationTokenCommand({}));
  const token = authorizationData?.[0]?.authorizationToken;
  if (!token) throw new Error(`ECR returned no authorization token for ${host}`);
  const [username, password] = Buffer.from(token, 'base64').toString('utf8').split(':');
  return { username, password, serveraddress: `https://${host}` };
}

async function ensureRepository(client: ECRClient, repository: string): Promise<void> {
  const { CreateRepositoryCommand, DescribeRepositoriesCommand, RepositoryNotFoundException } =
    await sdk();
  try {
    await client.send(new DescribeRepositoriesCommand({ repositoryNames: [repository] }));
  } catch (error) {
    if (!(error instanceof RepositoryNotFoundException)) throw error;
    await client.send(
      new CreateRepositoryCommand({
        repositoryName: repository,
        imageScanningConfiguration: { scanOnPush: true },
      }),
    );
  }
}
