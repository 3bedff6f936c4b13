import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who holds a temporary file or folder: the process id, its host, and the process's start time
 * (so a pid the kernel later gives to another process is not taken for the owner).
 */
export interface OwnerLock {
  pid: number;
  host: string;
  /** The kernel's start time of the process (`/proc/<pid>/stat` field 22); absent off Linux. */
  started?: string;
}

/**
 * The start time of process `pid` as the kernel records it (clock ticks since boot), or
 * undefined when it cannot be read (the process is gone, or there is no `/proc`).
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19]; // field 22 overall; fields[0] is field 3
  } catch {
    return undefined;
  }
}

/** The lock of this process, as {@link writeOwnerLock} records it. */
export function currentOwner(): OwnerLock {
  const started = processStartTime(process.pid);
  return { pid: process.pid, host: hostname(), ...(started ? { started } : {}) };
}

/** Writes `path` naming this process as the owner of what it guards. */
export function writeOwnerLock(path: string): void {
  writeFileSync(path, JSON.stringify(currentOwner()));
}

/** Removes a lock; an absent one is not an error. */
export function removeOwnerLock(path: string): void {
  rmSync(path, { force: true });
}

/** The lock at `path`, or undefined when it is absent or unreadable. */
export function readOwnerLock(path: string): OwnerLock | undefined {
  try {
    const lock = JSON.parse(readFileSync(path, 'utf8')) as Partial<
      Record<keyof OwnerLock, unknown>
    >;
    if (typeof lock.pid !== 'number' || typeof lock.host !== 'string') return undefined;
    return {
      pid: lock.pid,
      host: lock.host,
      ...(typeof lock.started === 'string' ? { started: lock.started } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * Whether the owner named by `lock` is certainly gone: it ran on this host, and no process has
 * its pid, or the process that has it started at another time (the pid was reused). A lock of
 * another host is never taken as gone: its process cannot be checked from here.
 */
export function ownerIsGone(lock: OwnerLock): boolean {
  if (lock.host !== hostname()) return false;
  if (!isAlive(lock.pid)) return true;
  if (lock.started === undefined) return false;
  const started = processStartTime(lock.pid);
  return started !== undefined && started !== lock.started;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
