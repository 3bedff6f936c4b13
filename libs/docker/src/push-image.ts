import type Docker from 'dockerode';
import { ImagePushError } from './errors';

/** Registry credentials for a push. */
export interface RegistryAuth {
  username: string;
  password: string;
  /** The registry host, e.g. `127.0.0.1:5000` or `<account>.dkr.ecr.<region>.amazonaws.com`. */
  serveraddress: string;
}

/** Options of {@link pushImage}. */
export interface PushImageOptions {
  docker: Docker;
  /** A local image id or tag. */
  source: string;
  /** Where to push, `<registry>/<repository>:<tag>`. */
  reference: string;
  /** Default: none (an open registry). */
  auth?: RegistryAuth;
  onProgress?: (status: string) => void;
}

interface PushMessage {
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { Tag?: string; Digest?: string; Size?: number };
}

/** Splits `host:5000/repo/name:tag` into repository and tag (default `latest`). */
export function splitReference(reference: string): { repository: string; tag: string } {
  const slash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  return colon > slash
    ? { repository: reference.slice(0, colon), tag: reference.slice(colon + 1) }
    : { repository: reference, tag: 'latest' };
}

/**
 * Tags `source` as `reference`, pushes it, and returns the digest the registry stored. A refused
 * push fails with the registry's own message, with any credentials in it redacted.
 */
export async function pushImage(
  options: PushImageOptions,
): Promise<{ reference: string; digest: string }> {
  const { repository, tag } = splitReference(options.reference);
  await options.docker.getImage(options.source).tag({ repo: repository, tag });
  const redact = (text: string) =>
    options.auth?.password ? text.split(options.auth.password).join('[redacted]') : text;
  let digest: string | undefined;
  try {
    const stream = await options.docker
      .getImage(options.reference)
      .push({ authconfig: options.auth ?? ({} as RegistryAuth) }); // the Engine wants X-Registry-Auth even for an open registry
    await new Promise<void>((resolve, reject) => {
      options.docker.modem.followProgress(
        stream,
        (error: Error | null) => (error ? reject(error) : resolve()),
        (message: PushMessage) => {
          if (message.aux?.Digest) digest = message.aux.Digest;
          if (message.status) options.onProgress?.(message.status);
          if (message.error || message.errorDetail)
            reject(new Error(message.errorDetail?.message ?? message.error));
        },
      );
    });
  } catch (error) {
    throw new ImagePushError(
      `Pushing ${options.reference} failed: ${redact((error as Error).message)}`,
    );
  }
  if (!digest)
    throw new ImagePushError(
      `Pushing ${options.reference} finished without the registry reporting a digest`,
    );
  return { reference: options.reference, digest };
}
