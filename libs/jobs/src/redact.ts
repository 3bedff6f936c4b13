import { isSecretName, REDACTED, redactUrlCredentials } from '@mesh/settings';

/**
 * A copy of any JSON-like value with every secret removed: values under secret-named keys
 * (`*_TOKEN`, `*_KEY`, `*_SECRET`, `*_PASSWORD`, case-insensitive) become `[redacted]`,
 * passwords in URLs are masked, and every string has the known secret values scrubbed.
 */
export function redactDeep<T>(value: T, scrubber = new SecretScrubber()): T {
  const walk = (input: unknown, key?: string): unknown => {
    if (key !== undefined && isSecretName(key) && input !== undefined && input !== null)
      return REDACTED;
    if (typeof input === 'string') return scrubber.scrub(redactUrlCredentials(input));
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
    for (const value of this.values) result = result.split(value).join(REDACTED);
    return redactUrlCredentials(result);
  }
}

/**
 * Splits an environment into plain and secret variables: by name (`*_TOKEN`, ...), by an
 * explicit secret list, or because the value is a URL carrying a password.
 */
export function splitSecrets(
  env: Record<string, string>,
  secretNames: ReadonlySet<string> = new Set(),
): { env: Record<string, string>; secrets: Record<string, string> } {
  const plain: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (isSecretName(name) || secretNames.has(name) || redactUrlCredentials(value) !== value)
      secrets[name] = value;
    else plain[name] = value;
  }
  return { env: plain, secrets };
}
