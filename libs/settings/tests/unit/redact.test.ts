import { redactRecord, redactUrlCredentials } from '@mesh/settings';

describe('redactUrlCredentials', () => {
  it.each([
    ['postgres://mesh:secretpw@127.0.0.1/db', 'postgres://mesh:[redacted]@127.0.0.1/db'],
    ['postgres//mesh:secretpw@127.0.0.1/db', 'postgres//mesh:[redacted]@127.0.0.1/db'],
    ['./postgres/mesh:secretpw@127.0.0.1/db', './postgres/mesh:[redacted]@127.0.0.1/db'],
    [
      'at postgres://mesh:se@cret@pw@db:5432/mesh now',
      'at postgres://mesh:[redacted]@db:5432/mesh now',
    ],
    ['postgres://u:pa/ss:w@h/db', 'postgres://u:[redacted]@h/db'],
    ['"postgresql://a:b@c/d"', '"postgresql://a:[redacted]@c/d"'],
    ['host=db password=secretpw user=mesh', 'host=db password=[redacted] user=mesh'],
    ['postgres://db/mesh?password=secretpw', 'postgres://db/mesh?password=[redacted]'],
  ])('masks %s', (input, expected) => {
    expect(redactUrlCredentials(input)).toBe(expected);
  });

  it('leaves URLs without a password alone, "@" in paths included', () => {
    for (const text of ['postgres://u@h/db', 's3://bucket/a@b', 'http://h/x@y', 'user@example.org'])
      expect(redactUrlCredentials(text)).toBe(text);
  });

  it('masks in every value of a record', () => {
    expect(redactRecord({ REGISTRY_URL: 'postgres://m:p@w@h/d', TOP_N: 3 })).toEqual({
      REGISTRY_URL: 'postgres://m:[redacted]@h/d',
      TOP_N: 3,
    });
  });
});
