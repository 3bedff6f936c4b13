/** A command-line usage error: printed with the usage, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** Flags the command accepts: name -> kind. `list` takes every value up to the next flag. */
export type FlagSpec = Record<string, 'string' | 'list' | 'boolean' | 'number'>;

export type ParsedFlags = Record<string, string | string[] | boolean | number | undefined>;

/**
 * Parses `--flag value`, `--flag=value`, `--list a b c` and `--switch` / `--no-switch`. Arguments
 * come from argv, or when there are none from the ARGS environment variable (how
 * `make projects.run/ranker TASK=... ARGS="..."` passes them).
 */
export function parseFlags(
  spec: FlagSpec,
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): ParsedFlags {
  const args = argv.length > 0 ? argv : splitArgs(env.ARGS ?? '');
  const flags: ParsedFlags = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const [flagName, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    let name = flagName;
    let negated = false;
    if (!(name in spec) && name.startsWith('no-') && spec[name.slice(3)] === 'boolean') {
      name = name.slice(3);
      negated = true;
    }
    const kind = spec[name];
    if (!kind)
      throw new UsageError(
        `unknown option --${name} (options: ${Object.keys(spec)
          .map((flag) => `--${flag}`)
          .join(', ')})`,
      );
    if (kind === 'boolean') {
      flags[name] = !negated;
      continue;
    }
    if (kind === 'list') {
      const values = inline !== undefined ? [inline] : [];
      while (i + 1 < args.length && !args[i + 1].startsWith('--')) values.push(args[++i]);
      if (values.length === 0) throw new UsageError(`--${name} needs at least one value`);
      flags[name] = [...((flags[name] as string[] | undefined) ?? []), ...values];
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--')))
      throw new UsageError(`--${name} needs a value`);
    if (kind === 'number') {
      const number = Number(value);
      if (!Number.isFinite(number) || number < 0)
        throw new UsageError(`--${name} must be a non-negative number, got "${value}"`);
      flags[name] = number;
    } else flags[name] = value;
  }
  return flags;
}

/** Splits a shell-like argument string (single and double quotes group). */
export function splitArgs(text: string): string[] {
  const args: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)))
    args.push(match[1]?.replace(/\\(.)/g, '$1') ?? match[2] ?? match[3]);
  return args;
}
