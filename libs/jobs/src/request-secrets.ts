import { isSecretName, REDACTED } from '@mesh/settings';

/**
 * Name endings that mark a secret, on top of `isSecretName` (`*_TOKEN`, `*_KEY`, `*_SECRET`,
 * `*_PASSWORD`, ...): authorisation headers, signatures and credentials under other spellings.
 */
const EXTRA_SECRET_NAME =
  /(^|_)(AUTH|AUTHORIZATION|APIKEY|ACCESSKEY|PASS|PWD|PASSPHRASE|SIG|SIGNATURE|CREDENTIAL|COOKIE|PRIVATE|SAS)$/;

/** `hfToken` → `HF_TOKEN`, `api-key` → `API_KEY`: one spelling to match names in. */
function normaliseName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

/** {@link isSecretKey}'s answers by name: the names of one service's requests repeat. */
const knownNames = new Map<string, boolean>();

/**
 * Whether a field, variable or URL query parameter name holds a secret, in any spelling:
 * `hf_token`, `hfToken`, `HF_AUTH`, `token`, `api_key`, `apiKey`, `password`, `secret`,
 * `X-Amz-Signature`, `sig`, ...
 */
export function isSecretKey(name: string): boolean {
  let secret = knownNames.get(name);
  if (secret === undefined) {
    const normal = normaliseName(name);
    secret = isSecretName(normal) || EXTRA_SECRET_NAME.test(normal);
    // Requests repeat the same few short names; a flood of new ones only restarts the memo.
    if (name.length <= 64) {
      if (knownNames.size >= 10_000) knownNames.clear();
      knownNames.set(name, secret);
    }
  }
  return secret;
}

/** A URL, or anything with a query string (`data.jsonl?sig=...`): where credentials hide in text. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+|[^\s"'<>?]*\?[^\s"'<>]*=[^\s"'<>]*/gi;

/**
 * Whether a text can hold a URL secret at all: a password needs user-info (`user:pass@`), a
 * token a query (`?`). Most texts (`s3://bucket/key`, flags, names) have neither and skip the
 * regular expressions: they run on every string of every request.
 */
function mayHoldUrlSecret(text: string): boolean {
  return text.includes('?') || (text.includes('@') && text.includes('://'));
}

/** The secret parts of the URLs in a text: user-info passwords and token-like query values. */
export function urlSecrets(text: string): string[] {
  if (!mayHoldUrlSecret(text)) return [];
  const found: string[] = [];
  for (const [candidate] of text.matchAll(URL_IN_TEXT)) {
    const userInfo = /^[a-z][a-z0-9+.-]*:\/\/([^/@\s]*)@/i.exec(candidate)?.[1];
    if (userInfo?.includes(':'))
      found.push(decodeSafely(userInfo.slice(userInfo.indexOf(':') + 1)));
    const query = candidate.indexOf('?');
    if (query < 0) continue;
    for (const pair of candidate.slice(query + 1).split(/[&#]/)) {
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const value = pair.slice(eq + 1);
      if (value && isSecretKey(decodeSafely(pair.slice(0, eq)))) {
        found.push(value);
        const decoded = decodeSafely(value);
        if (decoded !== value) found.push(decoded);
      }
    }
  }
  return found;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Options of {@link collectSecrets}. */
export interface CollectSecretsOptions {
  /** Names declared secret (e.g. a component's `secret()` settings), matched exactly. */
  secretNames?: ReadonlySet<string>;
}

/**
 * Every secret value in a request, collected once so everything derived from the request
 * (flags, manifests, records, logs, responses) can be scrubbed of them: values under secret
 * names at any depth (every string or number below such a key), values under declared secret
 * names, URL passwords and token-like URL query parameters anywhere.
 */
export function collectSecrets(value: unknown, options: CollectSecretsOptions = {}): string[] {
  const found = new Set<string>();
  const declared = options.secretNames ?? new Set<string>();
  const walk = (input: unknown, secret: boolean, depth: number): void => {
    if (depth > 64) return;
    if (typeof input === 'string') {
      if (secret) found.add(input);
      for (const part of urlSecrets(input)) found.add(part);
    } else if ((typeof input === 'number' || typeof input === 'bigint') && secret) {
      found.add(String(input));
    } else if (Array.isArray(input)) {
      for (const item of input) walk(item, secret, depth + 1);
    } else if (input && typeof input === 'object') {
      for (const [name, item] of Object.entries(input as Record<string, unknown>))
        walk(item, secret || isSecretKey(name) || declared.has(name), depth + 1);
    }
  };
  walk(value, false, 0);
  found.delete('');
  return [...found];
}

/**
 * A text with the secret parts of its URLs replaced by `[redacted]`: user-info passwords and
 * token-like query parameters (`?token=`, `X-Amz-Signature=`, `sig=`, ...), whoever sent them.
 */
export function redactUrlSecrets(text: string): string {
  if (!mayHoldUrlSecret(text)) return text;
  return text.replace(URL_IN_TEXT, (candidate) => {
    let url = candidate.replace(
      /^([a-z][a-z0-9+.-]*:\/\/[^/@\s:]*):([^@/\s]*)@/i,
      (_match, head: string) => `${head}:${REDACTED}@`,
    );
    const query = url.indexOf('?');
    if (query >= 0)
      url =
        url.slice(0, query + 1) +
        url
          .slice(query + 1)
          .replace(/([^&#=]+)=([^&#]*)/g, (pair, name: string, value: string) =>
            value && isSecretKey(decodeSafely(name)) ? `${name}=${REDACTED}` : pair,
          );
    return url;
  });
}
