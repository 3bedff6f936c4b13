/** Folder of content-addressed blobs in a store. */
export const BLOB_PREFIX = 'blobs/sha256/';

const HEX_DIGEST = /^[0-9a-f]{64}$/;
const BLOB_KEY = /^blobs\/sha256\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

/**
 * The hex sha256 of `digest`, lower-cased; accepts `sha256:<hex>` (as model cards write it).
 * Throws a RangeError for anything that is not 64 hexadecimal characters.
 */
export function normalizeSha256(digest: string): string {
  const hex = digest.replace(/^sha256:/i, '').toLowerCase();
  if (!HEX_DIGEST.test(hex)) {
    throw new RangeError(
      `"${digest}" is not a sha256 digest: expected 64 hexadecimal characters, optionally prefixed with "sha256:"`,
    );
  }
  return hex;
}

/** The key of the blob with this digest: `blobs/sha256/<first two hex>/<hex>`. */
export function blobKey(sha256: string): string {
  const hex = normalizeSha256(sha256);
  return `${BLOB_PREFIX}${hex.slice(0, 2)}/${hex}`;
}

/** The hex digest a blob key stands for, or undefined for any other key. */
export function parseBlobKey(key: string): string | undefined {
  const match = BLOB_KEY.exec(key);
  return match && match[2].startsWith(match[1]) ? match[2] : undefined;
}
