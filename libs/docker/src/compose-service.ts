import { isAbsolute, resolve } from 'node:path';

/** One compose service as a single container the Engine API can create: what `run --rm` would make. */
export interface ServiceContainer {
  image: string;
  /** The service's `command`. Default: the image's. */
  command?: string[];
  /** The container's environment: `KEY=value` entries, and bare names the caller's environment sets. */
  env: Record<string, string>;
  /** Bind mounts as `host-path:container-path[:mode]`, host paths absolute. */
  binds: string[];
  /** `uid:gid`. Default: the image's user. */
  user?: string;
  /** `network_mode`, e.g. `host`. Default: the engine's bridge. */
  network?: string;
  /** The service's labels plus compose's project, service and one-off labels. */
  labels: Record<string, string>;
  /** NVIDIA GPUs the service reserves (`deploy.resources.reservations.devices`). */
  gpus: number;
}

/** {@link planServiceContainer}'s answer: the container, or why compose has to run the service. */
export type ServicePlan = { container: ServiceContainer } | { needsCompose: string };

/** Options of {@link planServiceContainer}. */
export interface PlanServiceContainerOptions {
  service: string;
  /** The compose file's folder: relative host paths of volumes are relative to it. */
  projectDir: string;
  /** The compose project name (`-p`), for the labels. */
  projectName: string;
  /** Where `${VAR}` and bare environment names take their values from. */
  env: NodeJS.ProcessEnv;
}

/** Service keys a single container run honours; any other key needs compose. */
const SUPPORTED = new Set([
  'image',
  'build',
  'labels',
  'environment',
  'user',
  'volumes',
  'network_mode',
  'command',
  'deploy',
  'profiles',
]);

class NeedsCompose extends Error {}

/**
 * Interpolates compose's `$$`, `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR-default}` from `env`;
 * any other form (`${VAR:?message}`, nested defaults) needs compose itself.
 */
export function interpolateCompose(value: string, env: NodeJS.ProcessEnv): string {
  return value.replace(
    /\$(\$|\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (match, body: string, braced?: string, bare?: string) => {
      if (body === '$') return '$';
      if (bare) return env[bare] ?? '';
      const parts = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^$]*))?$/.exec(braced ?? '');
      if (!parts) throw new NeedsCompose(`"${match}" is interpolated by compose only`);
      const [, name, operator, fallback] = parts;
      const set = env[name];
      if (operator === ':-') return set ? set : fallback;
      if (operator === '-') return set ?? fallback;
      return set ?? '';
    },
  );
}

/**
 * The container `compose run --rm <service>` would create, from the parsed compose file, or the
 * reason it needs compose (dependencies, ports, named volumes, keys this does not read).
 * Pure: the caller reads and parses the file, and creates the container.
 */
export function planServiceContainer(
  compose: unknown,
  options: PlanServiceContainerOptions,
): ServicePlan {
  const services = (compose as { services?: Record<string, unknown> } | null)?.services;
  const definition = services?.[options.service];
  if (!definition || typeof definition !== 'object')
    return { needsCompose: `the compose file has no service "${options.service}"` };
  try {
    return { container: toContainer(definition as Record<string, unknown>, options) };
  } catch (error) {
    if (error instanceof NeedsCompose) return { needsCompose: error.message };
    throw error;
  }
}

function toContainer(
  service: Record<string, unknown>,
  options: PlanServiceContainerOptions,
): ServiceContainer {
  const unsupported = Object.keys(service).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length > 0) throw new NeedsCompose(`it uses ${unsupported.join(', ')}`);
  const text = (value: unknown): string => {
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value !== 'string') throw new NeedsCompose(`${JSON.stringify(value)} is not text`);
    return interpolateCompose(value, options.env);
  };
  if (typeof service.image !== 'string') throw new NeedsCompose('it has no image');
  const command = service.command;
  if (command !== undefined && !Array.isArray(command))
    // A command string is split by compose's shell-like rules.
    throw new NeedsCompose('its command is a string');
  return {
    image: text(service.image),
    command: command?.map(text),
    env: environmentOf(service.environment, options.env, text),
    binds: ((service.volumes as unknown[] | undefined) ?? []).map((volume) =>
      bindOf(text(volume), options.projectDir),
    ),
    user: service.user === undefined ? undefined : text(service.user),
    network: service.network_mode === undefined ? undefined : text(service.network_mode),
    labels: {
      ...labelsOf(service.labels, text),
      'com.docker.compose.project': options.projectName,
      'com.docker.compose.service': options.service,
      'com.docker.compose.oneoff': 'True',
    },
    gpus: gpusOf(service.deploy),
  };
}

function environmentOf(
  environment: unknown,
  env: NodeJS.ProcessEnv,
  text: (value: unknown) => string,
): Record<string, string> {
  const result: Record<string, string> = {};
  const entries: Array<[string, unknown]> = Array.isArray(environment)
    ? environment.map((entry) => {
        const item = String(entry);
        const equals = item.indexOf('=');
        return equals < 0 ? [item, undefined] : [item.slice(0, equals), item.slice(equals + 1)];
      })
    : Object.entries((environment as Record<string, unknown> | undefined) ?? {});
  for (const [name, value] of entries) {
    // A bare name passes the caller's value through, and stays unset when the caller has none.
    if (value === undefined || value === null) {
      if (env[name] !== undefined) result[name] = env[name]!;
    } else result[name] = text(value);
  }
  return result;
}

function labelsOf(labels: unknown, text: (value: unknown) => string): Record<string, string> {
  if (labels === undefined) return {};
  if (Array.isArray(labels))
    return Object.fromEntries(
      labels.map((label) => {
        const [name, ...value] = String(label).split('=');
        return [name, text(value.join('='))];
      }),
    );
  return Object.fromEntries(
    Object.entries(labels as Record<string, unknown>).map(([name, value]) => [name, text(value)]),
  );
}

/** `host:container[:mode]` with the host path made absolute; a named volume needs compose. */
function bindOf(volume: string, projectDir: string): string {
  const [host, container, mode, ...rest] = volume.split(':');
  if (!container || rest.length > 0) throw new NeedsCompose(`volume "${volume}" is not a bind`);
  if (!host.startsWith('.') && !isAbsolute(host) && !host.startsWith('~'))
    throw new NeedsCompose(`volume "${volume}" is a named volume`);
  if (host.startsWith('~')) throw new NeedsCompose(`volume "${volume}" starts at ~`);
  const path = isAbsolute(host) ? host : resolve(projectDir, host);
  return [path, container, ...(mode ? [mode] : [])].join(':');
}

function gpusOf(deploy: unknown): number {
  if (deploy === undefined) return 0;
  const devices = (
    deploy as {
      resources?: { reservations?: { devices?: Array<Record<string, unknown>> } };
    }
  ).resources?.reservations?.devices;
  const keys = Object.keys(deploy as object);
  if (keys.some((key) => key !== 'resources') || !devices)
    throw new NeedsCompose('its deploy section is more than a GPU reservation');
  return devices.reduce((total, device) => {
    if (device.driver !== 'nvidia' || typeof device.count !== 'number')
      throw new NeedsCompose('it reserves devices other than a count of NVIDIA GPUs');
    return total + device.count;
  }, 0);
}
