import { REDACTED } from '@mesh/settings';
import { isSecretKey, redactUrlSecrets } from './request-secrets';

/**
 * A copy of any JSON-like value with every secret removed: values under secret-named keys
 * (`*_TOKEN`, `*_KEY`, `*_SECRET`, `*_PASSWORD`, case-insensitive) become `[redacted]`,
 * passwords in URLs are masked, and every string has the known secret values scrubbed.
 */
export function redactDeep<T>(value: T, scrubber = new SecretScrubber()): T {
  const walk = (input: unknown, key?: string): unknown => {
    if (key !== undefined && isSecretKey(key) && input !== undefined && input !== null)
      return REDACTED;
    if (typeof input === 'string') return scrubber.scrub(input);
    if (Array.isArray(input)) return input.map((item) => walk(item));
    if (input && typeof input === 'object')
      return Object.fromEntries(
        Object.entries(input as Record<string, unknown>).map(([name, item]) => [
          name,
          walk(item, name),
        ]),
      );
    return input;
  };
  return walk(value) as T;
}

/**
 * Replaces known secret values wherever they appear in a text: a program that prints its
 * environment, or a tool that echoes a token back, still never gets one into a stored log line.
 */
export class SecretScrubber {
  private readonly values: string[];

  constructor(secrets: Iterable<string> = []) {
    // Longest first, so a secret containing another is replaced whole. Very short values would
    // blank out ordinary words, so they are left (they are not credentials worth the name).
    this.values = [...new Set(secrets)].filter((value) => value.length >= 4);
    this.values.sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let result = text;
    for (const value of this.values)
      if (result.includes(value)) result = result.split(value).join(REDACTED);
    return redactUrlSecrets(result);
  }
}

/**
 * Splits an environment into plain and secret variables: by name (`*_TOKEN`, ...), by an
 * explicit secret list, because the value is a URL carrying a password or token, or because it
 * contains one of the request's secret values.
 */
export function splitSecrets(
  env: Record<string, string>,
  secretNames: ReadonlySet<string> = new Set(),
  secretValues: readonly string[] = [],
): { env: Record<string, string>; secrets: Record<string, string> } {
  const plain: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (
      isSecretKey(name) ||
      secretNames.has(name) ||
      redactUrlSecrets(value) !== value ||
      secretValues.some((secret) => value.includes(secret))
    )
      secrets[name] = value;
    else plain[name] = value;
  }
  return { env: plain, secrets };
}

/** A copy of a JSON-like value with the scrubber applied to every string (keys and shape kept). */
export function scrubDeep<T>(value: T, scrubber: SecretScrubber): T {
  const walk = (input: unknown): unknown => {
    if (typeof input === 'string') return scrubber.scrub(input);
    if (Array.isArray(input)) return input.map(walk);
    if (input && typeof input === 'object')
      return Object.fromEntries(
        Object.entries(input as Record<string, unknown>).map(([name, item]) => [name, walk(item)]),
      );
    return input;
  };
  return walk(value) as T;
}
