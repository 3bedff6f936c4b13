import { seededRandom } from '@mesh/ltr';

/**
 * A simulator of the SmoothTask daemon's snapshots, the shipped data's source (README, "Data").
 * Each snapshot holds a random desktop session: some of a catalogue of applications, each an app
 * group of 1..4 processes, with metrics drawn per kind. A hidden teacher policy scores every
 * process: the focused GUI window first, then audio clients playing, interactive terminals,
 * other GUI windows, daemons, indexers, and batch jobs last; an idle user lowers GUI scores;
 * Gaussian noise (sd 0.07) blurs it all. The teacher's class (`teacher_priority_class`) is
 * derived from its score, so it would leak the label: it is not a feature.
 */

type Kind = 'gui' | 'audio' | 'terminal' | 'daemon' | 'indexer' | 'batch';

interface App {
  name: string;
  kind: Kind;
  exe: string;
  gui: boolean;
  audio: boolean;
  unit?: string;
  /** Typical CPU share of one process. */
  cpu: number;
  rss: number;
}

const CATALOGUE: App[] = [
  {
    name: 'firefox',
    kind: 'gui',
    exe: '/usr/lib/firefox/firefox',
    gui: true,
    audio: true,
    cpu: 0.08,
    rss: 900,
  },
  {
    name: 'code',
    kind: 'gui',
    exe: '/usr/share/code/code',
    gui: true,
    audio: false,
    cpu: 0.06,
    rss: 700,
  },
  {
    name: 'telegram',
    kind: 'gui',
    exe: '/usr/bin/telegram-desktop',
    gui: true,
    audio: true,
    cpu: 0.02,
    rss: 300,
  },
  {
    name: 'libreoffice',
    kind: 'gui',
    exe: '/usr/lib/libreoffice/program/soffice.bin',
    gui: true,
    audio: false,
    cpu: 0.02,
    rss: 400,
  },
  {
    name: 'spotify',
    kind: 'audio',
    exe: '/usr/bin/spotify',
    gui: true,
    audio: true,
    cpu: 0.04,
    rss: 350,
  },
  { name: 'mpv', kind: 'audio', exe: '/usr/bin/mpv', gui: true, audio: true, cpu: 0.1, rss: 150 },
  {
    name: 'gnome-terminal',
    kind: 'terminal',
    exe: '/usr/bin/bash',
    gui: false,
    audio: false,
    cpu: 0.01,
    rss: 20,
  },
  {
    name: 'pipewire',
    kind: 'daemon',
    exe: '/usr/bin/pipewire',
    gui: false,
    audio: false,
    unit: 'pipewire.service',
    cpu: 0.02,
    rss: 30,
  },
  {
    name: 'systemd-journald',
    kind: 'daemon',
    exe: '/usr/lib/systemd/systemd-journald',
    gui: false,
    audio: false,
    unit: 'systemd-journald.service',
    cpu: 0.005,
    rss: 40,
  },
  {
    name: 'dockerd',
    kind: 'daemon',
    exe: '/usr/bin/dockerd',
    gui: false,
    audio: false,
    unit: 'docker.service',
    cpu: 0.01,
    rss: 90,
  },
  {
    name: 'tracker-miner',
    kind: 'indexer',
    exe: '/usr/libexec/tracker-miner-fs-3',
    gui: false,
    audio: false,
    cpu: 0.12,
    rss: 120,
  },
  {
    name: 'cargo',
    kind: 'batch',
    exe: '/usr/bin/rustc',
    gui: false,
    audio: false,
    cpu: 0.35,
    rss: 800,
  },
  {
    name: 'make',
    kind: 'batch',
    exe: '/usr/bin/cc1plus',
    gui: false,
    audio: false,
    cpu: 0.3,
    rss: 400,
  },
  {
    name: 'rsync',
    kind: 'batch',
    exe: '/usr/bin/rsync',
    gui: false,
    audio: false,
    cpu: 0.1,
    rss: 60,
  },
];

const BASE_SCORE: Record<Kind, number> = {
  gui: 0.55,
  audio: 0.5,
  terminal: 0.62,
  daemon: 0.35,
  indexer: 0.2,
  batch: 0.1,
};

function classOf(score: number): string {
  if (score >= 0.85) return 'CRIT_INTERACTIVE';
  if (score >= 0.6) return 'INTERACTIVE';
  if (score >= 0.4) return 'NORMAL';
  if (score >= 0.2) return 'BACKGROUND';
  return 'IDLE';
}

/** Options of {@link simulateSnapshots}. */
export interface SimulatorOptions {
  snapshots: number;
  seed: number;
  /** First snapshot_id. Default 1. */
  firstId?: number;
  /** Start time. Default 2025-01-06T09:00:00Z. */
  start?: string;
}

/** Snapshot objects in the daemon's JSONL shape, one per element. */
export function simulateSnapshots(options: SimulatorOptions): Array<Record<string, unknown>> {
  const random = seededRandom(options.seed);
  const gaussian = () =>
    Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const clamp01 = (value: number) => Math.min(1, Math.max(0, value));
  const start = Date.parse(options.start ?? '2025-01-06T09:00:00Z');
  const snapshots: Array<Record<string, unknown>> = [];
  let nextPid = 1000;
  for (let s = 0; s < options.snapshots; s++) {
    const id = (options.firstId ?? 1) + s;
    const userActive = random() < 0.75;
    const apps = CATALOGUE.filter(() => random() < 0.55);
    if (!apps.some((app) => app.gui)) apps.push(CATALOGUE[0]);
    const focusedApp = userActive
      ? pick(apps.filter((app) => app.gui || app.kind === 'terminal'))
      : undefined;
    const processes: Array<Record<string, unknown>> = [];
    const groups: Array<Record<string, unknown>> = [];
    for (const app of apps) {
      const groupId = `${app.name}-${id}`;
      const count = app.kind === 'daemon' ? 1 : 1 + Math.floor(random() * 4);
      const rootPid = nextPid;
      const pids: number[] = [];
      const playing = app.audio && random() < (app.kind === 'audio' ? 0.8 : 0.25);
      let totalCpu = 0;
      let totalRead = 0;
      let totalWrite = 0;
      let totalRss = 0;
      for (let p = 0; p < count; p++) {
        const pid = nextPid++;
        pids.push(pid);
        const main = p === 0;
        const gui = app.gui && main;
        const focused = gui && focusedApp === app;
        const tty = app.kind === 'terminal' || (app.kind === 'batch' && random() < 0.5);
        const cpu = clamp01(app.cpu * Math.exp(0.6 * gaussian()) * (main ? 1 : 0.5));
        const rss = app.rss * Math.exp(0.5 * gaussian()) * (main ? 1 : 0.4);
        const read = Math.floor(
          Math.exp(8 + 3 * random()) * (app.kind === 'batch' || app.kind === 'indexer' ? 50 : 1),
        );
        const write = Math.floor(Math.exp(6 + 3 * random()) * (app.kind === 'batch' ? 50 : 1));
        const windowState = gui
          ? focused
            ? 'focused'
            : random() < 0.3
              ? 'minimized'
              : 'background'
          : null;
        let score = BASE_SCORE[app.kind];
        if (focused) score = 0.95;
        else if (app.audio && playing && main) score = 0.88;
        if (windowState === 'minimized') score -= 0.1;
        if (!main && app.kind !== 'batch') score -= 0.12;
        if (!userActive && (app.kind === 'gui' || app.kind === 'terminal')) score -= 0.15;
        if (app.kind === 'batch' && cpu > 0.4) score -= 0.05;
        score = clamp01(score + 0.07 * gaussian());
        totalCpu += cpu;
        totalRead += read;
        totalWrite += write;
        totalRss += rss;
        const tags = [
          app.kind,
          ...(gui ? ['gui'] : []),
          ...(app.audio ? ['audio'] : []),
          ...(tty ? ['tty'] : []),
        ];
        processes.push({
          pid,
          ppid: main ? 1 : rootPid,
          uid: app.kind === 'daemon' ? 0 : 1000,
          gid: app.kind === 'daemon' ? 0 : 1000,
          exe: app.exe,
          cmdline: `${app.exe}${main ? '' : ' --type=worker'}`,
          cgroup_path: app.unit
            ? `/system.slice/${app.unit}`
            : `/user.slice/user-1000.slice/app-${app.name}.scope`,
          systemd_unit: app.unit ?? null,
          app_group_id: groupId,
          state: cpu > 0.05 ? 'R' : 'S',
          start_time: 1000 + Math.floor(random() * 100000),
          uptime_sec: Math.floor(random() * 36000),
          tty_nr: tty ? 34816 : 0,
          has_tty: tty,
          cpu_share_1s: clamp01(cpu * Math.exp(0.3 * gaussian())),
          cpu_share_10s: cpu,
          io_read_bytes: read,
          io_write_bytes: write,
          rss_mb: Math.round(rss * 10) / 10,
          swap_mb: random() < 0.2 ? Math.round(random() * 50) : 0,
          voluntary_ctx: Math.floor(Math.exp(5 + 4 * random())),
          involuntary_ctx: Math.floor(Math.exp(2 + 4 * random() * cpu * 3)),
          has_gui_window: gui,
          is_focused_window: focused,
          window_state: windowState,
          env_has_display: app.gui || app.kind === 'terminal',
          env_has_wayland: (app.gui || app.kind === 'terminal') && id % 3 !== 0,
          env_term: tty ? 'xterm-256color' : null,
          env_ssh: app.kind === 'batch' && random() < 0.2,
          is_audio_client: app.audio,
          has_active_stream: app.audio && playing && main,
          process_type: app.kind,
          tags,
          nice: app.kind === 'batch' ? pick([0, 5, 10, 19]) : 0,
          ionice_class: app.kind === 'batch' || app.kind === 'indexer' ? 3 : 2,
          ionice_prio: 4,
          teacher_priority_class: classOf(score),
          teacher_score: Math.round(score * 1000) / 1000,
        });
      }
      groups.push({
        app_group_id: groupId,
        root_pid: rootPid,
        process_ids: pids,
        app_name: app.name,
        total_cpu_share: clamp01(totalCpu),
        total_io_read_bytes: totalRead,
        total_io_write_bytes: totalWrite,
        total_rss_mb: Math.round(totalRss * 10) / 10,
        has_gui_window: app.gui,
        is_focused_group: focusedApp === app,
        tags: [app.kind],
        priority_class: app.kind === 'batch' ? 'batch' : app.kind === 'daemon' ? 'system' : 'user',
      });
    }
    // The daemon lists processes in pid order; shuffle so no order leaks into tie-breaking.
    for (let i = processes.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [processes[i], processes[j]] = [processes[j], processes[i]];
    }
    const busy = Math.min(
      0.95,
      processes.reduce((sum, p) => sum + (p.cpu_share_10s as number), 0) / 2,
    );
    const user = busy * 0.7;
    const system = busy * 0.2;
    const iowait = busy * 0.1 * random();
    const memTotal = 16_000_000;
    const memUsed = Math.floor(memTotal * (0.3 + 0.5 * random()));
    const psi = random() < 0.1; // kernels without PSI report null
    snapshots.push({
      snapshot_id: id,
      timestamp: new Date(start + s * 5000).toISOString(),
      cpu_user: user,
      cpu_system: system,
      cpu_idle: Math.max(0, 1 - user - system - iowait),
      cpu_iowait: iowait,
      mem_total_kb: memTotal,
      mem_used_kb: memUsed,
      mem_available_kb: memTotal - memUsed,
      swap_total_kb: 8_000_000,
      swap_used_kb: Math.floor(random() * 1_000_000),
      load_avg_one: busy * 8 + random(),
      load_avg_five: busy * 7 + random(),
      load_avg_fifteen: busy * 6 + random(),
      psi_cpu_some_avg10: psi ? null : busy * 30 * random(),
      psi_cpu_some_avg60: psi ? null : busy * 25 * random(),
      psi_io_some_avg10: psi ? null : iowait * 50,
      psi_mem_some_avg10: psi ? null : random() * 2,
      psi_mem_full_avg10: psi ? null : random(),
      user_active: userActive,
      time_since_last_input_ms: userActive
        ? Math.floor(random() * 5000)
        : 60000 + Math.floor(random() * 600000),
      sched_latency_p95_ms: 2 + busy * 10 * random(),
      sched_latency_p99_ms: 4 + busy * 20 * random(),
      audio_xruns_delta: busy > 0.7 && random() < 0.3 ? 1 : 0,
      ui_loop_p95_ms: 8 + busy * 20 * random(),
      frame_jank_ratio: clamp01(busy * 0.1 * random()),
      bad_responsiveness: busy > 0.8,
      responsiveness_score: clamp01(1 - busy * 0.6),
      processes,
      app_groups: groups,
    });
  }
  return snapshots;
}
