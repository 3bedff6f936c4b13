import { createHash, timingSafeEqual } from 'node:crypto';

/** The outcome of checking `Authorization: Bearer <key>` against the API's key. */
export type KeyCheck = { ok: true } | { ok: false; status: 401 | 403; message: string };

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Checks the `Authorization` header against `key`: 401 without a bearer token, 403 with a wrong
 * one. Both sides are hashed first, so the comparison takes the same time whatever the lengths
 * and contents.
 */
export function checkBearerKey(header: string | undefined, key: string): KeyCheck {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) {
    return {
      ok: false,
      status: 401,
      message: 'Writing needs Authorization: Bearer <FILE_API_KEY>.',
    };
  }
  return timingSafeEqual(digest(match[1]), digest(key))
    ? { ok: true }
    : { ok: false, status: 403, message: 'This key is not FILE_API_KEY.' };
}
