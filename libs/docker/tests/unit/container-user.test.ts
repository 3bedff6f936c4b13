import { statSync } from 'node:fs';
import { join } from 'node:path';
import { shareFolderWithContainer } from '@mesh/docker';
import { tempTree } from '@mesh/testing';

describe('shareFolderWithContainer', () => {
  it('maps the container to the caller and never chowns the host folder', () => {
    const home = tempTree({ 'store/blob': 'x', 'runs/a/model.json': '{}' });
    const owner = statSync(join(home, 'store', 'blob'));
    const user = shareFolderWithContainer(home);
    expect(user).toMatchObject({ uid: process.getuid!(), gid: process.getgid!() });
    for (const path of [home, join(home, 'store', 'blob'), join(home, 'runs', 'a', 'model.json')]) {
      expect(statSync(path)).toMatchObject({ uid: owner.uid, gid: owner.gid });
    }
  });
});
