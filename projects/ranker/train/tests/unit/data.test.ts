import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tempTree } from '@mesh/testing';
import { checkSnapshot } from '../../src/data/check-record';
import { collectSnapshots, openSnapshotDatabase } from '../../src/data/collect';
import { validateDataset } from '../../src/data/validate';
import { simulateSnapshots } from '../../src/simulator';

const [sample] = simulateSnapshots({ snapshots: 1, seed: 7 });
const clone = () => JSON.parse(JSON.stringify(sample)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('snapshot line checks', () => {
  it('accepts a simulated snapshot and converts booleans and lists', () => {
    const problems: string[] = [];
    const rows = checkSnapshot(sample, problems)!;
    expect(problems).toEqual([]);
    expect(rows.processes).toHaveLength((sample.processes as unknown[]).length);
    expect([0, 1]).toContain(rows.snapshot.user_active);
    expect(JSON.parse(rows.processes[0].tags as string)).toEqual(expect.any(Array));
    expect(rows.processes[0].snapshot_id).toBe(sample.snapshot_id);
  });

  it('accepts "true"/"false" and 0/1 booleans, null PSI', () => {
    const record = clone();
    record.user_active = 'false';
    record.psi_cpu_some_avg10 = null;
    record.processes[0].has_tty = 1;
    const problems: string[] = [];
    const rows = checkSnapshot(record, problems)!;
    expect(problems).toEqual([]);
    expect(rows.snapshot.user_active).toBe(0);
    expect(rows.snapshot.psi_cpu_some_avg10).toBeNull();
  });

  it('names each bad field: ranges, types, keys, references, tags', () => {
    const record = clone();
    record.cpu_user = 1.5;
    record.processes[0].cpu_share_1s = -0.1;
    record.processes[1].has_gui_window = 'yes';
    record.processes[2].tags = 'gui';
    record.processes[3].pid = record.processes[4].pid;
    record.processes[5].app_group_id = 'nowhere';
    const problems: string[] = [];
    expect(checkSnapshot(record, problems)).toBeNull();
    expect(problems).toEqual(
      expect.arrayContaining([
        'cpu_user: 1.5 is outside [0, 1]',
        'processes[0].cpu_share_1s: -0.1 is outside [0, 1]',
        'processes[1].has_gui_window: "yes" must be a boolean (true/false, 0/1 or "true"/"false")',
        'processes[2].tags: "gui" must be a list',
      ]),
    );
    const second: string[] = [];
    const fixed = clone();
    fixed.processes[3].pid = fixed.processes[4].pid;
    fixed.processes[5].app_group_id = 'nowhere';
    checkSnapshot(fixed, second);
    expect(second.join('\n')).toMatch(/processes\[4\]\.pid: \d+ appears twice/);
    expect(second.join('\n')).toMatch(
      /processes\[5\]\.app_group_id: "nowhere" is not in the snapshot's app_groups/,
    );
  });
});

describe('collecting snapshots into SQLite', () => {
  const lines = (snapshots: Array<Record<string, unknown>>) =>
    snapshots.map((s) => JSON.stringify(s)).join('\n') + '\n';

  it('streams JSONL and JSONL.gz into keyed tables, reports statistics, and recognises a gzipped database', async () => {
    const dir = tempTree();
    writeFileSync(join(dir, 'a.jsonl'), lines(simulateSnapshots({ snapshots: 3, seed: 1 })));
    writeFileSync(
      join(dir, 'b.jsonl.gz'),
      gzipSync(lines(simulateSnapshots({ snapshots: 2, seed: 2, firstId: 10 }))),
    );
    const result = await collectSnapshots(['a.jsonl', 'b.jsonl.gz'], join(dir, 'out.db'), {
      cwd: dir,
    });
    expect(result.snapshots).toBe(5);
    const db = openSnapshotDatabase(join(dir, 'out.db'), { readonly: true });
    const statistics = validateDataset(db);
    expect(statistics.snapshot_count).toBe(5);
    expect(statistics.process_count).toBe(result.processes);
    const indexes = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as Array<{
        name: string;
      }>
    ).map((r) => r.name);
    expect(indexes).toEqual(
      expect.arrayContaining(['snapshots_timestamp', 'processes_pid', 'processes_app_group']),
    );
    db.close();
    // The daemon's rotated database, gzipped, is read as a database, not as JSONL.
    const { readFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'rotated.gz'), gzipSync(readFileSync(join(dir, 'out.db'))));
    const copied = await collectSnapshots(['rotated.gz'], join(dir, 'copy.db'), { cwd: dir });
    expect(copied.inputs[0].kind).toBe('sqlite');
    expect(copied.snapshots).toBe(5);
  });

  it('writes nothing and names file and line of every problem', async () => {
    const dir = tempTree();
    const good = simulateSnapshots({ snapshots: 2, seed: 3 });
    writeFileSync(
      join(dir, 'x.jsonl'),
      lines(good) + '{not json\n' + JSON.stringify(good[0]) + '\n',
    );
    await expect(collectSnapshots(['x.jsonl'], join(dir, 'out.db'), { cwd: dir })).rejects.toThrow(
      /x.jsonl:3: not valid JSON[\s\S]*x.jsonl:4: snapshot_id 1 was already used at x.jsonl:1/,
    );
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(dir, 'out.db'))).toBe(false);
    expect(existsSync(join(dir, 'out.db.partial'))).toBe(false);
  });

  it('applies the gates and reports IQR outliers without rejecting them', async () => {
    const dir = tempTree();
    writeFileSync(join(dir, 'a.jsonl'), lines(simulateSnapshots({ snapshots: 2, seed: 4 })));
    await collectSnapshots(['a.jsonl'], join(dir, 'out.db'), { cwd: dir });
    const db = openSnapshotDatabase(join(dir, 'out.db'), { readonly: true });
    expect(() => validateDataset(db, { minSnapshots: 5, minProcesses: 10, minGroups: 1 })).toThrow(
      /2 snapshots, fewer than --min-snapshots 5/,
    );
    const statistics = validateDataset(db);
    expect(statistics.outliers.length).toBeGreaterThan(0);
    expect(statistics.outliers[0]).toEqual(
      expect.objectContaining({ table: 'processes', outliers: expect.any(Number) }),
    );
    db.close();
  });

  it('names table and key of a broken reference in a database given as is', async () => {
    const dir = tempTree();
    writeFileSync(join(dir, 'a.jsonl'), lines(simulateSnapshots({ snapshots: 1, seed: 5 })));
    await collectSnapshots(['a.jsonl'], join(dir, 'out.db'), { cwd: dir });
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(join(dir, 'out.db'));
    raw.exec(
      "UPDATE app_groups SET process_ids = '[999999]' WHERE rowid = 1; UPDATE processes SET cpu_share_10s = 3 WHERE rowid = 1",
    );
    raw.close();
    const db = openSnapshotDatabase(join(dir, 'out.db'), { readonly: true });
    expect(() => validateDataset(db)).toThrow(
      /table processes, snapshot_id 1, pid \d+: cpu_share_10s must be a number in \[0, 1\]/,
    );
    db.close();
  });
});
