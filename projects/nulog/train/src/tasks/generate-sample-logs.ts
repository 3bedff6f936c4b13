import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvField } from '../logs/csv';
import { eventIdOf } from '../model/template-model';

/**
 * Writes the shipped sample logs (data/): three systems in three formats, each a raw log and
 * its Loghub-style structured CSV with the true templates, plus Elasticsearch-like JSONL
 * documents. Deterministic (seeded), so `npm run generate-sample-logs` reproduces data/.
 * Usage: node dist/tasks/generate-sample-logs.js [out-dir] [lines-per-file]
 */

type Pick = () => string;
let state = 20260;
function random(): number {
  // mulberry32: a small seeded generator, enough for sample data.
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
const oneOf = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
const ip = () => `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`;
const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]).join('');
const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace'];
const projects = ['keywords', 'sentiment', 'ner', 'nulog', 'ranker', 'cbng'];

/** A template: its text with `<*>` for each parameter, and how each parameter is drawn. */
interface Spec {
  template: string;
  params: Pick[];
  weight: number;
}

const SYSTEMS: Record<string, { specs: Spec[]; header: () => string; format: string }> = {
  'mesh-api': {
    format: '<Date> <Time> <Level> <Component>: <Content>',
    header: () =>
      `2026-11-${String(int(1, 28)).padStart(2, '0')} ${String(int(0, 23)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}.${int(100, 999)} ${oneOf(['INFO', 'WARN', 'DEBUG'])} ${oneOf(['api.http', 'jobs.queue', 'registry.store'])}`,
    specs: [
      {
        template: 'GET <*> answered <*> in <*> ms',
        params: [
          () => `/v1/jobs/${int(1, 999)}`,
          () => oneOf(['200', '404', '500']),
          () => String(int(1, 900)),
        ],
        weight: 8,
      },
      { template: 'user <*> logged in from <*>', params: [() => oneOf(users), ip], weight: 5 },
      {
        template: 'user <*> logged out after <*> seconds',
        params: [() => oneOf(users), () => String(int(5, 9000))],
        weight: 3,
      },
      {
        template: 'job <*> for project <*> queued at position <*>',
        params: [() => `job-${hex(8)}`, () => oneOf(projects), () => String(int(1, 40))],
        weight: 6,
      },
      {
        template: 'job <*> started on backend <*>',
        params: [() => `job-${hex(8)}`, () => oneOf(['local', 'docker', 'kubernetes'])],
        weight: 5,
      },
      {
        template: 'job <*> succeeded after <*> s',
        params: [() => `job-${hex(8)}`, () => (random() * 500).toFixed(1)],
        weight: 4,
      },
      {
        template: 'job <*> failed: exit code <*>',
        params: [() => `job-${hex(8)}`, () => String(int(1, 137))],
        weight: 2,
      },
      {
        template: 'registered version <*> of <*> with <*> artifacts',
        params: [
          () => `${oneOf(projects).toUpperCase()}-TRAINED-${int(1, 80)}`,
          () => oneOf(projects),
          () => String(int(2, 9)),
        ],
        weight: 3,
      },
      {
        template: 'uploaded blob <*> ( <*> bytes )',
        params: [() => `sha256:${hex(16)}`, () => String(int(100, 9_000_000))],
        weight: 4,
      },
      {
        template: 'reused blob <*> ( <*> bytes )',
        params: [() => `sha256:${hex(16)}`, () => String(int(100, 9_000_000))],
        weight: 3,
      },
      {
        template: 'connection pool has <*> idle and <*> busy connections',
        params: [() => String(int(0, 10)), () => String(int(0, 10))],
        weight: 2,
      },
      {
        template: 'cache miss for key <*>',
        params: [() => `models/${oneOf(projects)}/${int(1, 50)}`],
        weight: 3,
      },
      { template: 'rate limit reached for client <*>', params: [ip], weight: 1 },
      { template: 'shutting down', params: [], weight: 1 },
    ],
  },
  storage: {
    format: '<Date> <Time> <Pid> <Level> <Component>: <Content>',
    header: () =>
      `0811${String(int(10, 12))} ${String(int(100000, 235959))} ${int(100, 9999)} INFO dfs.${oneOf(['DataNode', 'FSNamesystem', 'DataNode$PacketResponder'])}`,
    specs: [
      {
        template: 'Receiving block <*> src: <*> dest: <*>',
        params: [
          () => `blk_${int(1e9, 9e9)}`,
          () => `/${ip()}:${int(30000, 60000)}`,
          () => `/${ip()}:50010`,
        ],
        weight: 8,
      },
      {
        template: 'PacketResponder <*> for block <*> terminating',
        params: [() => String(int(0, 2)), () => `blk_${int(1e9, 9e9)}`],
        weight: 6,
      },
      {
        template: 'PacketResponder <*> for block <*> closing',
        params: [() => String(int(0, 2)), () => `blk_${int(1e9, 9e9)}`],
        weight: 3,
      },
      {
        template: 'Received block <*> of size <*> from <*>',
        params: [() => `blk_${int(1e9, 9e9)}`, () => String(int(1e3, 7e7)), () => `/${ip()}`],
        weight: 6,
      },
      {
        template:
          'BLOCK* NameSystem.addStoredBlock: blockMap updated: <*> is added to <*> size <*>',
        params: [() => `${ip()}:50010`, () => `blk_${int(1e9, 9e9)}`, () => String(int(1e3, 7e7))],
        weight: 6,
      },
      {
        template: 'BLOCK* NameSystem.allocateBlock: <*> <*>',
        params: [
          () => `/user/root/rand/_temporary/part-${String(int(0, 99)).padStart(5, '0')}`,
          () => `blk_${int(1e9, 9e9)}`,
        ],
        weight: 4,
      },
      {
        template: 'Deleting block <*> file <*>',
        params: [
          () => `blk_${int(1e9, 9e9)}`,
          () => `/mnt/hadoop/dfs/data/current/subdir${int(1, 60)}/blk_${int(1e9, 9e9)}`,
        ],
        weight: 3,
      },
      {
        template: 'Verification succeeded for <*>',
        params: [() => `blk_${int(1e9, 9e9)}`],
        weight: 2,
      },
    ],
  },
  syslog: {
    format: '<Month> <Day> <Time> <Host> <Component>\\[<Pid>\\]: <Content>',
    header: () =>
      `Nov ${int(1, 30)} ${String(int(0, 23)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')} node-${int(1, 4)} ${oneOf(['sshd', 'cron', 'kernel'])}[${int(100, 32000)}]`,
    specs: [
      {
        template: 'Accepted publickey for <*> from <*> port <*> ssh2',
        params: [() => oneOf(users), ip, () => String(int(1024, 65535))],
        weight: 6,
      },
      {
        template: 'Failed password for invalid user <*> from <*> port <*> ssh2',
        params: [
          () => oneOf(['admin', 'test', 'oracle', 'guest', 'ubuntu']),
          ip,
          () => String(int(1024, 65535)),
        ],
        weight: 5,
      },
      {
        template: 'pam_unix(sshd:session): session opened for user <*> by (uid=0)',
        params: [() => oneOf(users)],
        weight: 5,
      },
      {
        template: 'pam_unix(sshd:session): session closed for user <*>',
        params: [() => oneOf(users)],
        weight: 4,
      },
      {
        template: 'Received disconnect from <*> port <*>:11: disconnected by user',
        params: [ip, () => String(int(1024, 65535))],
        weight: 3,
      },
      {
        template: '(root) CMD ( <*> )',
        params: [
          () => oneOf(['run-parts /etc/cron.hourly', '/usr/lib/sa/sa1 1 1', 'debian-sa1 1 1']),
        ],
        weight: 2,
      },
      {
        template: 'Out of memory: Killed process <*> ( <*> ) total-vm: <*> kB',
        params: [
          () => String(int(100, 32000)),
          () => oneOf(['node', 'java', 'python3']),
          () => String(int(1e5, 9e6)),
        ],
        weight: 1,
      },
    ],
  },
};

function draw(specs: Spec[]): Spec {
  const total = specs.reduce((sum, spec) => sum + spec.weight, 0);
  let target = random() * total;
  for (const spec of specs) if ((target -= spec.weight) < 0) return spec;
  return specs[specs.length - 1];
}

function fill(spec: Spec): string {
  let index = 0;
  return spec.template.replace(/<\*>/g, () => spec.params[index++]());
}

/** Writes `<system>.log`, `<system>_structured.csv` (and `.jsonl` with Elasticsearch fields) for one system. */
function writeSystem(
  dir: string,
  name: string,
  file: string,
  count: number,
  startNs: bigint,
): void {
  const system = SYSTEMS[name];
  const raw: string[] = [];
  const csv = ['LineId,Content,EventId,EventTemplate'];
  const jsonl: string[] = [];
  for (let line = 1; line <= count; line++) {
    const spec = draw(system.specs);
    const content = fill(spec);
    raw.push(`${system.header()}: ${content}`);
    csv.push([line, content, eventIdOf(spec.template), spec.template].map(csvField).join(','));
    const time = startNs + BigInt(line) * 1_500_000_000n;
    const window = time - (time % 60_000_000_000n);
    jsonl.push(
      `{"masked_log":${JSON.stringify(content)},"time_nanoseconds":${time},"window_start_time_ns":${window},"is_control_plane_log":false,"template":${JSON.stringify(spec.template)}}`,
    );
  }
  writeFileSync(join(dir, `${file}.log`), `${raw.join('\n')}\n`);
  writeFileSync(join(dir, `${file}_structured.csv`), `${csv.join('\n')}\n`);
  if (name === 'mesh-api') writeFileSync(join(dir, `${file}.jsonl`), `${jsonl.join('\n')}\n`);
}

const out = process.argv[2] ?? join(__dirname, '..', '..', 'data');
const lines = Number(process.argv[3] ?? 150);
mkdirSync(out, { recursive: true });
writeSystem(out, 'mesh-api', 'mesh-api-train', lines * 2, 1_764_633_600_000_000_000n);
writeSystem(out, 'mesh-api', 'mesh-api-eval', lines, 1_764_720_000_000_000_000n);
writeSystem(out, 'storage', 'storage', lines, 1_764_633_600_000_000_000n);
writeSystem(out, 'syslog', 'syslog', lines, 1_764_633_600_000_000_000n);
process.stdout.write(`wrote sample logs to ${out}\n`);
