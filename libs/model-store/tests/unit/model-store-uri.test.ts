import { InvalidStoreUriError, parseModelStoreUri } from '@mesh/model-store';

describe('parseModelStoreUri', () => {
  test.each([
    ['s3://models', { kind: 's3', bucket: 'models', prefix: '' }],
    ['s3://models/', { kind: 's3', bucket: 'models', prefix: '' }],
    [
      's3://my.models-1/team/keywords/',
      { kind: 's3', bucket: 'my.models-1', prefix: 'team/keywords' },
    ],
    ['S3://models/a', { kind: 's3', bucket: 'models', prefix: 'a' }],
    ['file:///var/mesh/store', { kind: 'file', root: '/var/mesh/store' }],
    ['file://localhost/var/mesh/store', { kind: 'file', root: '/var/mesh/store' }],
    ['/var/mesh/store/', { kind: 'file', root: '/var/mesh/store' }],
    ['/var/mesh/../mesh/store', { kind: 'file', root: '/var/mesh/store' }],
  ])('reads %s', (uri, location) => {
    expect(parseModelStoreUri(uri)).toEqual(location);
  });

  test.each([
    [
      'ftp://x',
      'MODEL_STORE_URI "ftp://x" is not supported: use s3://bucket/prefix or file:///absolute/path',
    ],
    ['', 'MODEL_STORE_URI "" is empty: use s3://bucket/prefix or file:///absolute/path'],
    [
      'models/store',
      'MODEL_STORE_URI "models/store" is a relative path: use an absolute path, file:///absolute/path or s3://bucket/prefix',
    ],
    ['s3://', 'MODEL_STORE_URI "s3://" names no bucket: use s3://bucket/prefix'],
    ['s3:models', 'MODEL_STORE_URI "s3:models" is not an S3 URI: use s3://bucket/prefix'],
    [
      's3://My_Bucket/x',
      'MODEL_STORE_URI "s3://My_Bucket/x" names an invalid bucket "My_Bucket": bucket names are 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit',
    ],
    [
      's3://models/a//b',
      'MODEL_STORE_URI "s3://models/a//b" has an invalid prefix "a//b": use s3://bucket/prefix with a "/"-separated prefix (no empty, "." or ".." segments)',
    ],
    [
      'file://server/share',
      'MODEL_STORE_URI "file://server/share" is not a local file URL: use file:///absolute/path (three slashes, no host)',
    ],
  ])('refuses %j, naming it and what to use', (uri, message) => {
    const error = catchError(() => parseModelStoreUri(uri));
    expect(error).toBeInstanceOf(InvalidStoreUriError);
    expect(error).toMatchObject({ message, setting: 'MODEL_STORE_URI', value: uri, exitCode: 2 });
  });
});

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
