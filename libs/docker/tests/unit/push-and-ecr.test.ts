import { PassThrough } from 'node:stream';
import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand,
  RepositoryNotFoundException,
  type ECRClient,
} from '@aws-sdk/client-ecr';
import type Docker from 'dockerode';
import { ecrAuth, ImagePushError, parseEcrHost, pushImage } from '@mesh/docker';

describe('ecrAuth', () => {
  const host = '063759612765.dkr.ecr.us-east-1.amazonaws.com';

  it('recognises ECR hosts and nothing else', () => {
    expect(parseEcrHost(host)).toEqual({ account: '063759612765', region: 'us-east-1' });
    expect(parseEcrHost('127.0.0.1:5000')).toBeUndefined();
  });

  it('creates a missing repository, then decodes the authorization token', async () => {
    const sent: string[] = [];
    const client = {
      send: async (command: object) => {
        sent.push(command.constructor.name);
        if (command instanceof DescribeRepositoriesCommand)
          throw new RepositoryNotFoundException({ message: 'missing', $metadata: {} });
        if (command instanceof GetAuthorizationTokenCommand) {
          return {
            authorizationData: [
              { authorizationToken: Buffer.from('AWS:token-value').toString('base64') },
            ],
          };
        }
        return {};
      },
    } as unknown as ECRClient;
    expect(await ecrAuth(client, host, 'keywords-train')).toEqual({
      username: 'AWS',
      password: 'token-value',
      serveraddress: `https://${host}`,
    });
    expect(sent).toEqual([
      DescribeRepositoriesCommand.name,
      CreateRepositoryCommand.name,
      GetAuthorizationTokenCommand.name,
    ]);
  });
});

describe('pushImage', () => {
  function fakeDocker(messages: object[]) {
    const stream = new PassThrough();
    const image = { tag: async () => undefined, push: async () => stream };
    return {
      getImage: () => image,
      modem: {
        followProgress: (
          _: unknown,
          done: (error: Error | null) => void,
          onProgress: (message: object) => void,
        ) => {
          for (const message of messages) onProgress(message);
          done(null);
        },
      },
    } as unknown as Docker;
  }

  it('returns the digest the registry reports', async () => {
    const docker = fakeDocker([
      { status: 'Pushed' },
      { aux: { Tag: 'dev', Digest: 'sha256:abc', Size: 1 } },
    ]);
    await expect(
      pushImage({ docker, source: 'x', reference: '127.0.0.1:5000/k:dev' }),
    ).resolves.toEqual({ reference: '127.0.0.1:5000/k:dev', digest: 'sha256:abc' });
  });

  it("fails with the registry's message and the password redacted", async () => {
    const docker = fakeDocker([
      {
        errorDetail: {
          message: 'unauthorized: authentication required for user ana with s3cr3t-pass',
        },
      },
    ]);
    const failure = pushImage({
      docker,
      source: 'x',
      reference: 'r.example/k:dev',
      auth: { username: 'ana', password: 's3cr3t-pass', serveraddress: 'r.example' },
    });
    await expect(failure).rejects.toThrow(ImagePushError);
    await expect(failure).rejects.toThrow(
      'Pushing r.example/k:dev failed: unauthorized: authentication required for user ana with [redacted]',
    );
  });
});
