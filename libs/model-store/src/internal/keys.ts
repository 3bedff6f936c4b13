/**
 * Checks that `key` is a store key: `/`-separated, relative, with no empty, `.` or `..` segment
 * (so a local store cannot be led outside its directory). Returns the key.
 */
export function checkKey(key: string): string {
  if (key === '' || !isRelativePath(key)) {
    throw new RangeError(
      `"${key}" is not a valid store key: use a relative, "/"-separated path such as "blobs/sha256/ab/ab12..." (no empty, "." or ".." segments)`,
    );
  }
  return key;
}

/** Checks a prefix of {@link ModelStore.list}: like a key, but may be empty or end with `/`. */
export function checkPrefix(prefix: string): string {
  const body = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (body !== '' && !isRelativePath(body)) {
    throw new RangeError(
      `"${prefix}" is not a valid key prefix: use "" or a relative, "/"-separated path such as "blobs/" (no empty, "." or ".." segments)`,
    );
  }
  return prefix;
}

function isRelativePath(path: string): boolean {
  return (
    !path.includes('\0') &&
    path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')
  );
}
