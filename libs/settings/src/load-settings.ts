import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cleanEnv, EnvMissingError, type CleanedEnv, type ValidatorSpec } from 'envalid';
import { readDotenvFile } from './dotenv-file';
import { REDACTED, redactValue } from './redact';
import { SettingsError, type SettingsProblem } from './settings-error';
import { describeSource, type SettingSource } from './source';
import { closestName } from './closest-name';
import { describeExpected, isSecretSpec } from './validators';

/** A component's settings: one envalid validator per variable, each with a `desc`. */
export type SettingsSpec = Record<string, ValidatorSpec<unknown>>;

/** Where and how to resolve settings. */
export interface ResolveSettingsOptions {
  /**
   * Folder holding the `<environment>.env` files. Default: `<cwd>/config`. `null` reads no file:
   * the environment, then defaults (for commands that are not a component).
   */
  configDir?: string | null;
  /**
   * Folder of the workspace-wide `<environment>.env` files (the repository's `config/`), for what
   * every component shares: read below the component's file and above the defaults. Variables
   * in it that this spec does not have are left alone (they belong to other components). A
   * missing file is skipped. Default: `null`, none.
   */
  workspaceConfigDir?: string | null;
  /**
   * Which config file to read, `config/<environment>.env`. Default: `env.ENVIRONMENT`, else
   * `prod` when `env.CI` is `true`, else `dev`.
   */
  environment?: string;
  /** The process environment, highest precedence. Default: `process.env`. */
  env?: Record<string, string | undefined>;
  /** Base for the file paths shown in messages. Default: `process.cwd()`. */
  cwd?: string;
  /** Names the settings' owner in messages, e.g. `keywords-train`. Default: `settings`. */
  context?: string;
}

/** Resolved, validated settings with where each value came from. */
export interface Settings<S extends SettingsSpec> {
  /** Typed values. Print {@link Settings.redacted} instead: these include secrets. */
  values: CleanedEnv<S>;
  /** The environment whose config file was read, e.g. `dev`. */
  environment: string;
  /** The config file read, relative to `cwd` (it may not exist). */
  configFile: string;
  sources: Record<keyof S & string, SettingSource>;
  /** Names whose values are never shown. */
  secrets: ReadonlySet<string>;
  /** Values safe to print, log or store: secrets replaced by `[redacted]`. */
  redacted(): Record<string, unknown>;
  /** One printable row per setting: name, redacted value, source, description. */
  describe(): Array<{ name: string; value: string; source: string; description: string }>;
}

/** The outcome of {@link parseSettings}: settings, or every problem found. */
export type SettingsResult<S extends SettingsSpec> =
  | { ok: true; settings: Settings<S> }
  | { ok: false; problems: SettingsProblem[]; environment: string };

/** The environment name used when none is given: `ENVIRONMENT`, else prod in CI, else dev. */
export function defaultEnvironment(env: Record<string, string | undefined> = process.env): string {
  return env.ENVIRONMENT || (env.CI === 'true' ? 'prod' : 'dev');
}

/**
 * Resolves settings from, in order, the process environment, `config/<environment>.env`, the
 * workspace's `config/<environment>.env` (when `workspaceConfigDir` is given), then the spec's
 * defaults. Never writes to `process.env`. Collects every problem instead of stopping
 * at the first: malformed lines, unknown variables in the file, missing and invalid values.
 */
export function parseSettings<S extends SettingsSpec>(
  spec: S,
  options: ResolveSettingsOptions = {},
): SettingsResult<S> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const configDir = options.configDir === undefined ? join(cwd, 'config') : options.configDir;
  const environment = options.environment ?? defaultEnvironment(env);
  const configPath = configDir === null ? null : join(configDir, `${environment}.env`);
  const configFile = configPath === null ? '' : relative(cwd, configPath) || configPath;
  const names = Object.keys(spec);

  const problems: SettingsProblem[] = [];
  if (configDir !== null && configPath !== null && !existsSync(configPath)) {
    const known = existsSync(configDir)
      ? readdirSync(configDir)
          .filter((file) => file.endsWith('.env'))
          .map((file) => file.slice(0, -4))
      : [];
    problems.push({
      name: 'ENVIRONMENT',
      message: `${configFile} does not exist`,
      expected: known.length > 0 ? `one of ${known.join(', ')}` : `a file ${configFile}`,
    });
  }
  const file =
    configPath === null
      ? { entries: new Map(), problems: [] }
      : readDotenvFile(configPath, configFile);
  problems.push(...file.problems);
  for (const [name, { line }] of file.entries) {
    if (!(name in spec)) {
      const suggestion = closestName(name, names);
      problems.push({
        name,
        source: { kind: 'file', file: configFile, line },
        message: 'is not a setting of this component',
        expected: suggestion ? `did you mean ${suggestion}?` : `one of ${names.join(', ')}`,
      });
    }
  }

  const workspacePath =
    options.workspaceConfigDir && options.workspaceConfigDir !== configDir
      ? join(options.workspaceConfigDir, `${environment}.env`)
      : null;
  // Shown relative to cwd when below it, else in full: never confused with the component's file.
  const workspaceFile = workspacePath
    ? relative(cwd, workspacePath).startsWith('..')
      ? workspacePath
      : relative(cwd, workspacePath)
    : '';
  const shared =
    workspacePath === null
      ? { entries: new Map<string, { value: string; line: number }>(), problems: [] }
      : readDotenvFile(workspacePath, workspaceFile);
  problems.push(...shared.problems);

  const input: Record<string, string> = {};
  const sources = {} as Record<string, SettingSource>;
  for (const name of names) {
    const fromEnv = env[name];
    const fromFile = file.entries.get(name);
    const fromWorkspace = shared.entries.get(name);
    if (fromEnv !== undefined) {
      input[name] = fromEnv;
      sources[name] = { kind: 'environment' };
    } else if (fromFile) {
      input[name] = fromFile.value;
      sources[name] = { kind: 'file', file: configFile, line: fromFile.line };
    } else if (fromWorkspace) {
      input[name] = fromWorkspace.value;
      sources[name] = { kind: 'file', file: workspaceFile, line: fromWorkspace.line };
    } else {
      sources[name] = { kind: 'default' };
    }
  }

  const values = cleanEnv(input, spec, {
    reporter: ({ errors }) => {
      for (const [name, error] of Object.entries(errors) as Array<[string, Error]>) {
        const missing = error instanceof EnvMissingError;
        problems.push({
          name,
          source: missing ? undefined : sources[name],
          message: missing
            ? `is required: set it in the environment${configFile ? ` or in ${configFile}` : ''}`
            : error.message || 'is invalid',
          expected: describeExpected(spec[name]),
        });
      }
    },
  });

  if (problems.length > 0) return { ok: false, problems, environment };

  const secrets = new Set(names.filter((name) => isSecretSpec(spec[name])));
  const resolved = values;
  const redacted = () =>
    Object.fromEntries(
      names.map((name) => [name, redactValue(name, resolved[name], secrets.has(name))]),
    );
  return {
    ok: true,
    settings: {
      values: resolved,
      environment,
      configFile,
      sources: sources as Record<keyof S & string, SettingSource>,
      secrets,
      redacted,
      describe: () =>
        names.map((name) => {
          const value = redacted()[name];
          return {
            name,
            value:
              value === REDACTED || typeof value === 'string'
                ? String(value)
                : (JSON.stringify(value) ?? ''),
            source: describeSource(sources[name]),
            description: spec[name].desc ?? '',
          };
        }),
    },
  };
}

/** Like {@link parseSettings}, but throws a {@link SettingsError} listing every problem. */
export function loadSettings<S extends SettingsSpec>(
  spec: S,
  options: ResolveSettingsOptions = {},
): Settings<S> {
  const result = parseSettings(spec, options);
  if (!result.ok) {
    const context = `${options.context ?? 'settings'} (environment: ${result.environment})`;
    throw new SettingsError(result.problems, context);
  }
  return result.settings;
}
