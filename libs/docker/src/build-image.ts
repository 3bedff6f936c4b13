import type Docker from 'dockerode';
import { ImageBuildError } from './errors';
import { plainTerminalText } from './terminal-text';

/** One line of build output, as it streams. */
export interface BuildEvent {
  /** A build step starting, e.g. `Step 3/9 : RUN npm ci`. */
  step?: string;
  /** Output of the current step. */
  line?: string;
}

/** Options of {@link buildImage}. */
export interface BuildImageOptions {
  docker: Docker;
  /** The context root. */
  root: string;
  /** Files of the context, relative to `root` (see listBuildContext). */
  files: string[];
  /** Dockerfile path relative to `root`. */
  dockerfile: string;
  /** Tags to apply, e.g. `keywords-train:dev`. */
  tags: string[];
  /** Multi-stage target, e.g. `production`. Default: the last stage. */
  target?: string;
  /** Build arguments. Never pass secrets: they are recorded in the image's history. */
  buildArgs?: Record<string, string>;
  labels?: Record<string, string>;
  /** Ignore the layer cache (a cold build). Default: false. */
  noCache?: boolean;
  /** Give up when the build streams nothing for this long. Default: 15 minutes. */
  idleTimeoutMs?: number;
  onEvent?: (event: BuildEvent) => void;
}

/** What a successful build made. */
export interface BuiltImage {
  id: string;
  tags: string[];
}

interface BuildMessage {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string; code?: number };
  aux?: { ID?: string };
}

const KEEP_LINES = 40;

/**
 * Builds an image through the Engine API, streaming its progress. A failing step fails the
 * build with that step and its last output lines; a build that goes silent longer than the idle
 * timeout is stopped and fails.
 */
export async function buildImage(options: BuildImageOptions): Promise<BuiltImage> {
  const stream: NodeJS.ReadableStream = await options.docker.buildImage(
    { context: options.root, src: options.files },
    {
      dockerfile: options.dockerfile,
      t: options.tags[0],
      target: options.target,
      buildargs: options.buildArgs,
      labels: options.labels,
      nocache: options.noCache,
      rm: true,
      forcerm: true,
    },
  );
  const log: string[] = [];
  let step = '';
  let id: string | undefined;
  const idleTimeoutMs = options.idleTimeoutMs ?? 15 * 60 * 1000;
  await new Promise<void>((resolve, reject) => {
    let timer = setTimeout(onIdle, idleTimeoutMs);
    function onIdle() {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      reject(
        new ImageBuildError(
          `The build of ${options.tags[0]} produced no output for ${Math.round(idleTimeoutMs / 1000)}s at "${step}" and was stopped.`,
          log,
        ),
      );
    }
    options.docker.modem.followProgress(
      stream,
      (error: Error | null) => {
        clearTimeout(timer);
        if (error)
          reject(
            new ImageBuildError(`The build of ${options.tags[0]} failed: ${error.message}`, log),
          );
        else resolve();
      },
      (message: BuildMessage) => {
        clearTimeout(timer);
        timer = setTimeout(onIdle, idleTimeoutMs);
        if (message.aux?.ID) id = message.aux.ID;
        // Build steps write for a terminal (npm's and apt's progress): logs get plain text.
        for (const text of plainTerminalText(message.stream ?? '').split('\n')) {
          const line = text.trimEnd();
          if (!line) continue;
          if (/^Step \d+\/\d+ : /.test(line)) {
            step = line;
            options.onEvent?.({ step: line });
          } else {
            options.onEvent?.({ line });
          }
          log.push(line);
          if (log.length > KEEP_LINES) log.shift();
        }
        if (message.error || message.errorDetail) {
          clearTimeout(timer);
          const reason = message.errorDetail?.message ?? message.error ?? 'unknown error';
          reject(
            new ImageBuildError(
              `The build of ${options.tags[0]} failed at "${step}": ${reason}\n${log.slice(-15).join('\n')}`,
              log,
            ),
          );
        }
      },
    );
  });
  const image = options.docker.getImage(options.tags[0]);
  for (const extra of options.tags.slice(1)) {
    const [repo, tag = 'latest'] = extra.split(/:(?=[^/:]+$)/);
    await image.tag({ repo, tag });
  }
  if (!id) id = (await image.inspect()).Id;
  return { id, tags: options.tags };
}
