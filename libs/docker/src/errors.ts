/** No Docker Engine answers where mesh looked; the message says how to start one. */
export class DockerUnavailableError extends Error {
  constructor(
    readonly endpoint: string,
    reason: string,
  ) {
    super(
      `Docker Engine is not reachable at ${endpoint} (${reason}). Start it with \`sudo systemctl start docker\` ` +
        '(or `sudo dockerd &` without systemd; install it with `sudo apt-get install docker.io`), or set DOCKER_HOST. ' +
        '`npx mesh doctor` checks it.',
    );
    this.name = this.constructor.name;
  }
}

/** An image build failed; the message carries the failing step and its last output lines. */
export class ImageBuildError extends Error {
  constructor(
    message: string,
    /** The build's last output lines, for context. */
    readonly log: string[],
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** A push was refused or failed; the message is the registry's, with credentials redacted. */
export class ImagePushError extends Error {
  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** The Engine API refused a call; the message is the engine's own. */
export class EngineApiError extends Error {
  constructor(
    /** e.g. `POST /containers/create`. */
    readonly call: string,
    readonly statusCode: number,
    reason: string,
  ) {
    super(`Docker Engine refused ${call} (HTTP ${statusCode}): ${reason}`);
    this.name = this.constructor.name;
  }
}
