import { parseRegistryUrl } from '@mesh/registry';

describe('parseRegistryUrl', () => {
  it.each([
    ['postgres//mesh:secretpw@127.0.0.1/db', 'has no scheme'],
    ['mydb.sqlite', 'is a bare path'],
    ['./registry/db.sqlite', 'is a bare path'],
    ['postgres:/mesh:secretpw@127.0.0.1/db', 'the "//" is missing'],
    ['postgres://mesh:secretpw@127.0.0.1', 'names no database'],
    ['postgres://mesh:secretpw@127.0.0.1/', 'names no database'],
    ['postgres:///db', 'names no host'],
    ['sqlite://relative/path.db', 'three slashes'],
    ['sqlite:', 'neither'],
    ['mysql://root:secretpw@db/x', 'unknown scheme "mysql:"'],
  ])('refuses %s naming the accepted forms and not the password', (value, why) => {
    let message = '';
    try {
      parseRegistryUrl(value, '/home/.mesh', '/work');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(why);
    expect(message).toContain('Accepted: postgres://user:password@host:5432/db');
    expect(message).toContain('sqlite:///absolute/path.db, sqlite:relative/path.db');
    expect(message).not.toContain('secretpw');
  });

  it('accepts the documented forms', () => {
    expect(parseRegistryUrl('', '/home/.mesh')).toEqual({
      engine: 'sqlite',
      path: '/home/.mesh/registry.db',
      embedded: true,
    });
    expect(parseRegistryUrl('sqlite:///var/lib/mesh/registry.db', '/h')).toEqual({
      engine: 'sqlite',
      path: '/var/lib/mesh/registry.db',
    });
    expect(parseRegistryUrl('sqlite:data/registry.db', '/h', '/work')).toEqual({
      engine: 'sqlite',
      path: '/work/data/registry.db',
    });
    expect(parseRegistryUrl('postgres://mesh:p@ss@db:5432/mesh', '/h')).toEqual({
      engine: 'postgres',
      url: 'postgres://mesh:p@ss@db:5432/mesh',
    });
  });
});
