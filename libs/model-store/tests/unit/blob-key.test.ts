import { blobKey, normalizeSha256, parseBlobKey } from '@mesh/model-store';

const HEX = 'ab'.padEnd(64, '0123456789abcdef');

describe('blob keys', () => {
  test('lay blobs out as blobs/sha256/<first two hex>/<hex>', () => {
    expect(blobKey(HEX)).toBe(`blobs/sha256/ab/${HEX}`);
    expect(blobKey(`sha256:${HEX.toUpperCase()}`)).toBe(`blobs/sha256/ab/${HEX}`);
  });

  test('parse back to the digest, and only blob keys do', () => {
    expect(parseBlobKey(`blobs/sha256/ab/${HEX}`)).toBe(HEX);
    expect(parseBlobKey(`blobs/sha256/cd/${HEX}`)).toBeUndefined();
    expect(parseBlobKey(`blobs/sha256/ab/${HEX}.partial`)).toBeUndefined();
    expect(parseBlobKey('models/model.json')).toBeUndefined();
  });

  test('refuse what is not a sha256 digest, saying what is expected', () => {
    expect(() => normalizeSha256('abc')).toThrow(
      '"abc" is not a sha256 digest: expected 64 hexadecimal characters, optionally prefixed with "sha256:"',
    );
    expect(() => blobKey(`md5:${HEX}`)).toThrow(RangeError);
  });
});
