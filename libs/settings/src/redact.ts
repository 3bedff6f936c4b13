/** Shown in place of every secret value. */
export const REDACTED = '[redacted]';

const SECRET_NAME = /(^|_)(TOKEN|KEY|SECRET|PASSWORD|PASSWD|CREDENTIALS?)$/i;

/**
 * Whether a variable name looks like it holds a secret (`*_TOKEN`, `*_KEY`, `*_SECRET`,
 * `*_PASSWORD`, ...). Used on top of the settings explicitly marked secret, so that a secret
 * passed under an unforeseen name is still never printed.
 */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

// `scheme://user:password@host` and its misspellings (`scheme//`, `scheme:/`, no scheme): the
// password runs up to the last "@" that is followed by a host and then the end of the authority,
// so a password containing "@", ":" or "/" is masked whole.
const URL_PASSWORD =
  /((?:[a-z][a-z0-9+.-]*:?\/{1,2}|\/\/)[^\s/:@'"]*):(\S*?)@(?=[^\s@/'"]*(?:[/?#\s'",;)]|$))/gi;
// `password=...` in query strings and key/value connection strings (`host=h password=pw`).
const PARAMETER_PASSWORD = /\b(password|passwd|pwd)=([^&\s;'"]+)/gi;

/**
 * Masks the passwords in a text: the user info of URLs (`postgres://user:pw@host`, however
 * mistyped, whatever the password contains) and `password=` parameters, each replaced by
 * {@link REDACTED}.
 */
export function redactUrlCredentials(value: string): string {
  return value
    .replace(URL_PASSWORD, (_match, user: string, password: string) =>
      password === REDACTED ? `${user}:${password}@` : `${user}:${REDACTED}@`,
    )
    .replace(PARAMETER_PASSWORD, `$1=${REDACTED}`);
}

/** The printable form of one value: secrets fully hidden, credentials in URLs masked. */
export function redactValue(name: string, value: unknown, secret = false): unknown {
  if (value === undefined || value === null) return value;
  if (secret || isSecretName(name)) return REDACTED;
  return typeof value === 'string' ? redactUrlCredentials(value) : value;
}

/** A copy of a name-to-value map that is safe to print, log or store. */
export function redactRecord(
  values: Record<string, unknown>,
  secrets: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [
      name,
      redactValue(name, value, secrets.has(name)),
    ]),
  );
}
