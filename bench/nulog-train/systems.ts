// Generated logs of several systems for the parsing-accuracy benchmark: each system is a log
// format, masking regexes (as a log-parsing benchmark configures a parser) and statements whose
// true templates are known, with parameters drawn the way those systems print them.

/** A seeded random source (mulberry32), so a benchmark run is reproducible. */
export class Random {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }
  oneOf<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)];
  }
  hex(length: number): string {
    return Array.from({ length }, () => '0123456789abcdef'[this.int(0, 15)]).join('');
  }
  ip(): string {
    return `${this.int(10, 192)}.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }
  pad(value: number, width: number): string {
    return String(value).padStart(width, '0');
  }
}

type Param = (r: Random) => string;

/** One logging statement: the true template (`<*>` per parameter) and how each is drawn. */
interface Statement {
  template: string;
  params: Param[];
  weight: number;
}

/** A system: its LOG_FORMAT, MASK_REGEXES, a header generator and its statements. */
export interface LogSystem {
  name: string;
  logFormat: string;
  maskRegexes: string[];
  header: (r: Random) => string;
  /** Joins header and content, as the format puts them. */
  separator: string;
  statements: Statement[];
}

const IP = String.raw`(/|)(\d+\.){3}\d+(:\d+)?`;
const users = ['root', 'admin', 'hdfs', 'yarn', 'spark', 'alice', 'bob', 'www-data'];
const duration = (r: Random) => `${r.int(1, 9999)}ms`;
const seconds = (r: Random) => (r.next() * 120).toFixed(3);
const blk = (r: Random) => `blk_${r.oneOf(['', '-'])}${r.int(1e9, 9e9)}${r.int(1e5, 9e5)}`;
const path = (r: Random) =>
  `/${r.oneOf(['var', 'data', 'opt', 'srv'])}/${r.oneOf(['lib', 'log', 'cache', 'spool'])}/${r.oneOf(['app', 'db', 'jobs'])}/${r.hex(6)}.${r.oneOf(['dat', 'log', 'tmp'])}`;
const port = (r: Random) => String(r.int(1024, 65535));
const time = (r: Random) =>
  `${r.pad(r.int(0, 23), 2)}:${r.pad(r.int(0, 59), 2)}:${r.pad(r.int(0, 59), 2)}`;

/** The generated systems: formats and statement shapes modelled on public log-parsing data sets. */
export const SYSTEMS: LogSystem[] = [
  {
    name: 'HDFS-like',
    logFormat: '<Date> <Time> <Pid> <Level> <Component>: <Content>',
    maskRegexes: [String.raw`blk_-?\d+`, IP],
    header: (r) =>
      `0811${r.int(9, 11)} ${r.pad(r.int(0, 235959), 6)} ${r.int(10, 9999)} INFO dfs.${r.oneOf(['DataNode', 'FSNamesystem', 'DataNode$PacketResponder'])}`,
    separator: ': ',
    statements: [
      {
        template: 'Receiving block <*> src: <*> dest: <*>',
        params: [blk, (r) => `/${r.ip()}:${port(r)}`, (r) => `/${r.ip()}:50010`],
        weight: 10,
      },
      {
        template: 'PacketResponder <*> for block <*> terminating',
        params: [(r) => String(r.int(0, 2)), blk],
        weight: 8,
      },
      {
        template: 'Received block <*> of size <*> from <*>',
        params: [blk, (r) => String(r.int(1e3, 7e7)), (r) => `/${r.ip()}`],
        weight: 8,
      },
      {
        template:
          'BLOCK* NameSystem.addStoredBlock: blockMap updated: <*> is added to <*> size <*>',
        params: [(r) => `${r.ip()}:50010`, blk, (r) => String(r.int(1e3, 7e7))],
        weight: 8,
      },
      {
        template: 'BLOCK* NameSystem.allocateBlock: <*> <*>',
        params: [
          (r) =>
            `/user/root/rand/_temporary/_task_${r.int(1e11, 9e11)}_0001_m_${r.pad(r.int(0, 999), 6)}_0/part-${r.pad(r.int(0, 999), 5)}`,
          blk,
        ],
        weight: 3,
      },
      {
        template: 'Deleting block <*> file <*>',
        params: [blk, (r) => `/mnt/hadoop/dfs/data/current/subdir${r.int(1, 60)}/${blk(r)}`],
        weight: 4,
      },
      {
        template: '<*> Served block <*> to <*>',
        params: [(r) => `${r.ip()}:50010`, blk, (r) => `/${r.ip()}`],
        weight: 3,
      },
      {
        template: '<*>:Got exception while serving <*> to <*>:',
        params: [(r) => `${r.ip()}:50010`, blk, (r) => `/${r.ip()}`],
        weight: 2,
      },
      { template: 'Verification succeeded for <*>', params: [blk], weight: 2 },
      {
        template: 'writeBlock <*> received exception <*>',
        params: [
          blk,
          (r) =>
            r.oneOf([
              'java.io.IOException: Connection reset by peer',
              'java.io.EOFException',
              'java.net.SocketTimeoutException: 480000 millis timeout',
            ]),
        ],
        weight: 2,
      },
      {
        template: 'BLOCK* NameSystem.delete: <*> is added to invalidSet of <*>',
        params: [blk, (r) => `${r.ip()}:50010`],
        weight: 3,
      },
      {
        template: 'Received block <*> src: <*> dest: <*> of size <*>',
        params: [
          blk,
          (r) => `/${r.ip()}:${port(r)}`,
          (r) => `/${r.ip()}:50010`,
          (r) => String(r.int(1e3, 7e7)),
        ],
        weight: 2,
      },
    ],
  },
  {
    name: 'Zookeeper-like',
    logFormat: '<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>',
    maskRegexes: [IP],
    header: (r) =>
      `2015-07-${r.pad(r.int(1, 31), 2)} ${time(r)},${r.pad(r.int(0, 999), 3)} - ${r.oneOf(['INFO', 'WARN'])}  [${r.oneOf(['main', 'QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181', 'NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181'])}:${r.oneOf(['NIOServerCnxn', 'QuorumCnxManager', 'Learner'])}@${r.int(100, 1100)}]`,
    separator: ' - ',
    statements: [
      {
        template: 'Accepted socket connection from <*>',
        params: [(r) => `/${r.ip()}:${port(r)}`],
        weight: 10,
      },
      {
        template: 'Closed socket connection for client <*> which had sessionid <*>',
        params: [(r) => `/${r.ip()}:${port(r)}`, (r) => `0x${r.hex(14)}`],
        weight: 8,
      },
      {
        template: 'Closed socket connection for client <*> (no session established for client)',
        params: [(r) => `/${r.ip()}:${port(r)}`],
        weight: 4,
      },
      {
        template: 'Client attempting to establish new session at <*>',
        params: [(r) => `/${r.ip()}:${port(r)}`],
        weight: 6,
      },
      {
        template: 'Established session <*> with negotiated timeout <*> for client <*>',
        params: [
          (r) => `0x${r.hex(14)}`,
          (r) => String(r.oneOf([10000, 20000, 40000])),
          (r) => `/${r.ip()}:${port(r)}`,
        ],
        weight: 6,
      },
      {
        template: 'Expiring session <*>, timeout of <*> exceeded',
        params: [(r) => `0x${r.hex(14)}`, (r) => `${r.oneOf([10000, 20000, 40000])}ms`],
        weight: 3,
      },
      {
        template: 'Processed session termination for sessionid: <*>',
        params: [(r) => `0x${r.hex(14)}`],
        weight: 3,
      },
      {
        template: 'Cannot open channel to <*> at election address <*>',
        params: [(r) => String(r.int(1, 3)), (r) => `/${r.ip()}:3888`],
        weight: 3,
      },
      {
        template: 'Notification time out: <*>',
        params: [(r) => String(r.oneOf([400, 800, 1600, 3200, 6400, 12800, 25600, 51200, 60000]))],
        weight: 2,
      },
      { template: 'caught end of stream exception', params: [], weight: 3 },
      {
        template: 'Peer state changed: <*>',
        params: [(r) => r.oneOf(['following', 'leading'])],
        weight: 2,
      },
      {
        template: 'Received connection request <*>',
        params: [(r) => `/${r.ip()}:${port(r)}`],
        weight: 2,
      },
    ],
  },
  {
    name: 'OpenStack-like',
    logFormat: '<Logrecord> <Date> <Time> <Pid> <Level> <Component> \\[<ADDR>\\] <Content>',
    maskRegexes: [String.raw`((\d+\.){3}\d+,?)+`, String.raw`/.+?\s`, String.raw`\d+`],
    header: (r) =>
      `nova-${r.oneOf(['api', 'compute'])}.log.1.2017-05-16_13:53:08 2017-05-16 ${time(r)}.${r.int(100, 999)} ${r.int(1000, 30000)} INFO nova.${r.oneOf(['osapi_compute.wsgi.server', 'compute.manager', 'virt.libvirt.imagecache'])} [req-${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)} ${r.hex(32)} ${r.hex(32)} - - -]`,
    separator: ' ',
    statements: [
      {
        template: '<*> "GET <*> HTTP/1.1" status: <*> len: <*> time: <*>',
        params: [
          (r) => r.ip(),
          (r) => `/v2/${r.hex(32)}/servers/detail`,
          (r) => r.oneOf(['200', '404']),
          (r) => String(r.int(200, 2000)),
          seconds,
        ],
        weight: 12,
      },
      {
        template: '<*> "POST <*> HTTP/1.1" status: <*> len: <*> time: <*>',
        params: [
          (r) => r.ip(),
          (r) => `/v2/${r.hex(32)}/os-server-external-events`,
          (r) => r.oneOf(['200', '202']),
          (r) => String(r.int(200, 2000)),
          seconds,
        ],
        weight: 4,
      },
      {
        template: '[instance: <*>] VM <*> (Lifecycle Event)',
        params: [
          (r) => `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`,
          (r) => r.oneOf(['Started', 'Stopped', 'Paused', 'Resumed']),
        ],
        weight: 5,
      },
      {
        template: '[instance: <*>] Took <*> seconds to spawn the instance on the hypervisor.',
        params: [
          (r) => `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`,
          (r) => (r.next() * 30).toFixed(2),
        ],
        weight: 3,
      },
      {
        template: '[instance: <*>] Took <*> seconds to build instance.',
        params: [
          (r) => `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`,
          (r) => (r.next() * 30).toFixed(2),
        ],
        weight: 3,
      },
      {
        template: '[instance: <*>] Terminating instance',
        params: [(r) => `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`],
        weight: 3,
      },
      {
        template: 'image <*> at (<*>): checking',
        params: [
          (r) => `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`,
          (r) => `/var/lib/nova/instances/_base/${r.hex(40)}`,
        ],
        weight: 2,
      },
      {
        template: 'Active base files: <*>',
        params: [(r) => `/var/lib/nova/instances/_base/${r.hex(40)}`],
        weight: 2,
      },
    ],
  },
  {
    name: 'Apache-like',
    logFormat: '\\[<Time>\\] \\[<Level>\\] <Content>',
    maskRegexes: [IP],
    header: (r) =>
      `[${r.oneOf(['Sun', 'Mon', 'Tue'])} Dec ${r.pad(r.int(1, 28), 2)} ${time(r)} 2005] [${r.oneOf(['notice', 'error'])}]`,
    separator: ' ',
    statements: [
      {
        template: 'jk2_init() Found child <*> in scoreboard slot <*>',
        params: [(r) => String(r.int(1000, 32000)), (r) => String(r.int(1, 12))],
        weight: 10,
      },
      {
        template: 'workerEnv.init() ok <*>',
        params: [() => '/etc/httpd/conf/workers2.properties'],
        weight: 8,
      },
      {
        template: 'mod_jk child workerEnv in error state <*>',
        params: [(r) => String(r.int(6, 9))],
        weight: 6,
      },
      {
        template: '[client <*>] Directory index forbidden by rule: <*>',
        params: [(r) => r.ip(), (r) => `/var/www/html/${r.oneOf(['', 'icons/', 'docs/'])}`],
        weight: 4,
      },
      {
        template: "jk2_init() Can't find child <*> in scoreboard",
        params: [(r) => String(r.int(1000, 32000))],
        weight: 3,
      },
      {
        template: 'mod_jk child init <*> <*>',
        params: [(r) => String(r.int(1, 3)), (r) => String(-r.int(1, 3))],
        weight: 2,
      },
      {
        template: '[client <*>] File does not exist: <*>',
        params: [(r) => r.ip(), path],
        weight: 4,
      },
    ],
  },
  {
    name: 'Linux-like',
    logFormat: '<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>',
    maskRegexes: [String.raw`(\d+\.){3}\d+`, String.raw`\d{2}:\d{2}:\d{2}`],
    header: (r) =>
      `Jun ${r.int(1, 30)} ${time(r)} combo ${r.oneOf(['sshd(pam_unix)', 'ftpd', 'su(pam_unix)'])}[${r.int(1000, 32000)}]`,
    separator: ': ',
    statements: [
      {
        template: 'authentication failure; logname= uid=<*> euid=<*> tty=NODEVssh ruser= rhost=<*>',
        params: [() => '0', () => '0', (r) => r.oneOf([r.ip(), `${r.hex(6)}.example.net`])],
        weight: 10,
      },
      {
        template:
          'authentication failure; logname= uid=<*> euid=<*> tty=NODEVssh ruser= rhost=<*> user=<*>',
        params: [() => '0', () => '0', (r) => r.ip(), (r) => r.oneOf(users)],
        weight: 5,
      },
      { template: 'check pass; user unknown', params: [], weight: 6 },
      {
        template: 'connection from <*> () at <*>',
        params: [(r) => r.ip(), (r) => `Sun Jul ${r.int(1, 28)} ${time(r)} 2005`],
        weight: 6,
      },
      {
        template: 'session opened for user <*> by (uid=<*>)',
        params: [(r) => r.oneOf(users), (r) => String(r.oneOf([0, 500, 1000]))],
        weight: 5,
      },
      { template: 'session closed for user <*>', params: [(r) => r.oneOf(users)], weight: 5 },
      {
        template: 'ALERT exited abnormally with [<*>]',
        params: [(r) => String(r.int(1, 2))],
        weight: 2,
      },
      { template: 'Kerberos authentication failed', params: [], weight: 1 },
    ],
  },
  {
    name: 'Spark-like',
    logFormat: '<Date> <Time> <Level> <Component>: <Content>',
    maskRegexes: [
      String.raw`(\d+\.){3}\d+`,
      String.raw`\b[KGTM]?B\b`,
      String.raw`([\w-]+\.){2,}[\w-]+`,
    ],
    header: (r) =>
      `17/06/${r.pad(r.int(1, 30), 2)} ${time(r)} INFO ${r.oneOf(['storage.BlockManager', 'executor.Executor', 'spark.SecurityManager'])}`,
    separator: ': ',
    statements: [
      {
        template: 'Found block <*> locally',
        params: [(r) => `rdd_${r.int(1, 60)}_${r.int(0, 40)}`],
        weight: 10,
      },
      {
        template: 'Finished task <*> in stage <*> (TID <*>). <*> bytes result sent to driver',
        params: [
          (r) => `${r.int(0, 40)}.0`,
          (r) => `${r.int(0, 60)}.0`,
          (r) => String(r.int(1, 9000)),
          (r) => String(r.int(600, 3000)),
        ],
        weight: 10,
      },
      {
        template: 'Running task <*> in stage <*> (TID <*>)',
        params: [
          (r) => `${r.int(0, 40)}.0`,
          (r) => `${r.int(0, 60)}.0`,
          (r) => String(r.int(1, 9000)),
        ],
        weight: 10,
      },
      { template: 'Got assigned task <*>', params: [(r) => String(r.int(1, 9000))], weight: 6 },
      {
        template: 'Started reading broadcast variable <*>',
        params: [(r) => String(r.int(1, 90))],
        weight: 4,
      },
      {
        template: 'Reading broadcast variable <*> took <*>',
        params: [(r) => String(r.int(1, 90)), duration],
        weight: 4,
      },
      {
        template: 'Block <*> stored as values in memory (estimated size <*> KB, free <*> MB)',
        params: [
          (r) => `broadcast_${r.int(1, 90)}`,
          (r) => (r.next() * 90).toFixed(1),
          (r) => (r.next() * 900).toFixed(1),
        ],
        weight: 4,
      },
      { template: 'Changing view acls to: <*>', params: [(r) => r.oneOf(users)], weight: 2 },
      {
        template: 'Setting spark.speculation to <*>',
        params: [(r) => r.oneOf(['true', 'false'])],
        weight: 2,
      },
      {
        template: 'Executor killed task <*>, reason: <*>',
        params: [
          (r) => `${r.int(0, 40)}.0`,
          (r) => r.oneOf(['stage cancelled', 'another attempt succeeded', 'preempted']),
        ],
        weight: 2,
      },
      {
        template: 'Partition <*> not found, computing it',
        params: [(r) => `rdd_${r.int(1, 60)}_${r.int(0, 40)}`],
        weight: 3,
      },
    ],
  },
  {
    name: 'Proxifier-like',
    logFormat: '\\[<Time>\\] <Program> - <Content>',
    maskRegexes: [
      String.raw`<\d+\ssec`,
      String.raw`([\w-]+\.)+[\w-]+(:\d+)?`,
      String.raw`\d{2}:\d{2}(:\d{2})*`,
      String.raw`[KGTM]B`,
    ],
    header: (r) =>
      `[10.30 ${time(r)}] ${r.oneOf(['chrome.exe', 'firefox.exe', 'Dropbox.exe', 'svchost.exe *64'])}`,
    separator: ' - ',
    statements: [
      {
        template: '<*> open through proxy <*> HTTPS',
        params: [
          (r) =>
            `${r.oneOf(['www', 'api', 'cdn'])}.${r.oneOf(['example', 'dropbox', 'google'])}.com:443`,
          () => 'proxy.cse.cuhk.edu.hk:5070',
        ],
        weight: 10,
      },
      {
        template: '<*> close, <*> bytes sent, <*> bytes received, lifetime <*>',
        params: [
          (r) =>
            `${r.oneOf(['www', 'api', 'cdn'])}.${r.oneOf(['example', 'dropbox', 'google'])}.com:443`,
          (r) => String(r.int(100, 99999)),
          (r) => String(r.int(100, 99999)),
          (r) => `${r.pad(r.int(0, 59), 2)}:${r.pad(r.int(0, 59), 2)}`,
        ],
        weight: 10,
      },
      {
        template: '<*> close, <*> bytes (<*>) sent, <*> bytes (<*>) received, lifetime <*>',
        params: [
          (r) => `${r.oneOf(['www', 'api'])}.example.com:443`,
          (r) => String(r.int(1e6, 9e6)),
          (r) => `${r.int(1, 9)}.${r.int(0, 9)} MB`,
          (r) => String(r.int(1e6, 9e6)),
          (r) => `${r.int(1, 9)}.${r.int(0, 9)} MB`,
          (r) => `${r.pad(r.int(0, 59), 2)}:${r.pad(r.int(0, 59), 2)}`,
        ],
        weight: 3,
      },
      {
        template:
          '<*> error : Could not connect through proxy <*> - Proxy server cannot establish a connection with the target, status code <*>',
        params: [
          (r) => `${r.oneOf(['www', 'api'])}.example.com:443`,
          () => 'proxy.cse.cuhk.edu.hk:5070',
          (r) => r.oneOf(['503', '504']),
        ],
        weight: 2,
      },
    ],
  },
  {
    name: 'BGL-like',
    logFormat:
      '<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>',
    maskRegexes: [String.raw`core\.\d+`],
    header: (r) =>
      `- ${r.int(1117838570, 1117999999)} 2005.06.03 R${r.pad(r.int(0, 77), 2)}-M${r.int(0, 1)}-N${r.int(0, 9)}-C:J${r.pad(r.int(0, 17), 2)}-U${r.pad(r.int(0, 11), 2)} 2005-06-03-${r.pad(r.int(0, 23), 2)}.${r.pad(r.int(0, 59), 2)}.${r.pad(r.int(0, 59), 2)}.${r.int(100000, 999999)} R00-M0-N0-C:J00-U00 RAS KERNEL ${r.oneOf(['INFO', 'FATAL'])}`,
    separator: ' ',
    statements: [
      { template: 'instruction cache parity error corrected', params: [], weight: 10 },
      {
        template: '<*> double-hummer alignment exceptions',
        params: [(r) => String(r.int(1, 9999))],
        weight: 8,
      },
      { template: 'generating <*>', params: [(r) => `core.${r.int(1, 9999)}`], weight: 8 },
      {
        template: 'CE sym <*>, at <*>, mask <*>',
        params: [(r) => String(r.int(0, 31)), (r) => `0x${r.hex(8)}`, (r) => `0x${r.hex(2)}`],
        weight: 6,
      },
      { template: 'data TLB error interrupt', params: [], weight: 3 },
      {
        template: 'total of <*> ddr error(s) detected and corrected',
        params: [(r) => String(r.int(1, 99))],
        weight: 4,
      },
      {
        template: 'ciod: failed to read message prefix on control stream (CioStream socket to <*>)',
        params: [(r) => `${r.ip()}:${port(r)}`],
        weight: 3,
      },
      {
        template: 'machine check interrupt (bit=<*>): L2 dcache unit data parity error',
        params: [(r) => `0x${r.hex(2)}`],
        weight: 2,
      },
    ],
  },
];

/** A generated log: raw lines and the true template of each. */
export interface GeneratedLog {
  lines: string[];
  templates: string[];
}

/** Draws `count` lines of a system (seeded). */
export function generateLog(system: LogSystem, count: number, seed: number): GeneratedLog {
  const r = new Random(seed);
  const total = system.statements.reduce((sum, statement) => sum + statement.weight, 0);
  const lines: string[] = [];
  const templates: string[] = [];
  for (let index = 0; index < count; index++) {
    let target = r.next() * total;
    let statement = system.statements[system.statements.length - 1];
    for (const candidate of system.statements)
      if ((target -= candidate.weight) < 0) {
        statement = candidate;
        break;
      }
    let param = 0;
    const content = statement.template.replace(/<\*>/g, () => statement.params[param++](r));
    lines.push(`${system.header(r)}${system.separator}${content}`);
    templates.push(statement.template);
  }
  return { lines, templates };
}
