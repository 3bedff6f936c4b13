import type Docker from 'dockerode';

/**
 * A base image that builds start `FROM` is not in the engine. Base images come from no registry
 * (Docker Hub would only answer with a DNS or "not found" error after a while): the message names
 * the command that builds it.
 */
export class MissingBaseImageError extends Error {
  constructor(
    readonly reference: string,
    /** The command that builds it, e.g. `make docker.build/node-base`. */
    readonly buildCommand: string,
  ) {
    super(
      `The base image ${reference} is not on this machine, and no registry has it: mesh builds ` +
        `its base images itself, from Debian's package archive and the npm registry. Build it ` +
        `once with: ${buildCommand} (a few minutes, with progress lines), then run this again. ` +
        '`docker images mesh/*` lists the base images there are.',
    );
    this.name = this.constructor.name;
  }
}

/**
 * Throws {@link MissingBaseImageError} at once when the engine has no image `reference`, before
 * a build that would try to pull it. Other engine errors (not reachable) pass through.
 */
export async function requireBaseImage(
  docker: Docker,
  reference: string,
  buildCommand: string,
): Promise<void> {
  try {
    await docker.getImage(reference).inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404)
      throw new MissingBaseImageError(reference, buildCommand);
    throw error;
  }
}
