import { readdirSync, utimesSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { tempTree } from '@mesh/testing';
import { currentOwner, ownerIsGone, processStartTime, sweepAbandonedTemporaries } from '../../src';

const TEMP = '.blob.0123456789ab.partial';

describe('sweepAbandonedTemporaries', () => {
  it('takes a pid that another process now has for a gone owner', () => {
    const me = currentOwner();
    expect(me.started).toBe(processStartTime(process.pid));
    expect(ownerIsGone(me)).toBe(false);
    expect(ownerIsGone({ ...me, started: `${Number(me.started) - 1}` })).toBe(true);
    expect(ownerIsGone({ ...me, host: `not-${hostname()}`, pid: 2 ** 22 + 1 })).toBe(false);
  });

  it('removes locked files of gone owners at once, unlocked ones only past the minimum age', async () => {
    const me = currentOwner();
    const root = tempTree({
      [`dead/${TEMP}`]: 'x',
      [`dead/${TEMP}.lock`]: JSON.stringify({ ...me, started: '1' }),
      [`live/${TEMP}`]: 'x',
      [`live/${TEMP}.lock`]: JSON.stringify(me),
      [`old/${TEMP}`]: 'x',
      [`young/${TEMP}`]: 'x',
      [`orphan/${TEMP}.lock`]: JSON.stringify({ ...me, pid: 2 ** 22 + 1 }),
      'kept/blob': 'a stored object',
    });
    const hourAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(join(root, 'old', TEMP), hourAgo, hourAgo);
    const removed = await sweepAbandonedTemporaries(root, { minAgeMs: 3_600_000 });
    expect(removed.sort()).toEqual([join(root, 'dead', TEMP), join(root, 'old', TEMP)]);
    expect(readdirSync(join(root, 'dead'))).toEqual([]);
    expect(readdirSync(join(root, 'orphan'))).toEqual([]);
    expect(readdirSync(join(root, 'live')).sort()).toEqual([TEMP, `${TEMP}.lock`]);
    expect(readdirSync(join(root, 'young'))).toEqual([TEMP]);
    expect(readdirSync(join(root, 'kept'))).toEqual(['blob']);
  });

  it('with dryRun only reports', async () => {
    const root = tempTree({
      [TEMP]: 'x',
      [`${TEMP}.lock`]: JSON.stringify({ pid: 2 ** 22 + 1, host: hostname() }),
    });
    expect(await sweepAbandonedTemporaries(root, { dryRun: true })).toEqual([join(root, TEMP)]);
    expect(readdirSync(root).sort()).toEqual([TEMP, `${TEMP}.lock`]);
  });
});
