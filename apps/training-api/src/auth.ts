import { createHash, timingSafeEqual } from 'node:crypto';

/** The outcome of checking a request's `Authorization` header. */
export type AuthResult = { ok: true } | { ok: false; status: 401 | 403; message: string };

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The digests of each list of configured tokens, made once (the list lives as long as the service). */
const tokenDigests = new WeakMap<readonly string[], Buffer[]>();

/**
 * Checks `Authorization: Bearer <token>` against the configured tokens, in constant time: 401
 * without a bearer token, 403 with a wrong one.
 */
export function checkBearer(header: string | undefined, tokens: readonly string[]): AuthResult {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match)
    return {
      ok: false,
      status: 401,
      message:
        tokens.length === 0
          ? 'No API tokens are configured: set MESH_API_TOKENS on the service, then send Authorization: Bearer <token>.'
          : 'Send Authorization: Bearer <token> (one of MESH_API_TOKENS).',
    };
  const given = digest(match[1]);
  let digests = tokenDigests.get(tokens);
  if (!digests) tokenDigests.set(tokens, (digests = tokens.map(digest)));
  const known = digests.some((token) => timingSafeEqual(given, token));
  return known ? { ok: true } : { ok: false, status: 403, message: 'This token is not allowed.' };
}

/** The tokens of `MESH_API_TOKENS`. */
export function parseTokens(value: string): string[] {
  return value
    .split(',')
    .map((token) => token.trim())
    .filter(Boolean);
}
