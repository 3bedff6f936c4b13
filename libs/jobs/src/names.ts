import { randomUUID } from 'node:crypto';

/** A new job id: a UUID. */
export function newJobId(): string {
  return randomUUID();
}

/**
 * A Kubernetes-safe, unique job name: `<base>-<first 8 hex of the id>`, lowercase alphanumerics
 * and dashes, starting with a letter, at most 63 characters (a DNS-1123 label; Kubernetes Jobs
 * also add a pod suffix, so the base is kept to 52). A reused `job_name` never collides.
 */
export function uniqueJobName(base: string | undefined, id: string): string {
  const suffix = id
    .replace(/[^0-9a-f]/gi, '')
    .slice(0, 8)
    .toLowerCase();
  let slug = (base ?? 'job')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 52)
    .replace(/-+$/, '');
  if (!slug) slug = 'job';
  return `${slug}-${suffix}`;
}

/** Whether `name` is a DNS-1123 label (what Kubernetes requires of a Job's name). */
export function isDns1123Label(name: string): boolean {
  return name.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
}

/** A Kubernetes label value: at most 63 characters of `[A-Za-z0-9_.-]`, alphanumeric at both ends. */
export function labelValue(value: string): string {
  return value
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

/**
 * The job name `name` (as {@link uniqueJobName} made it) with `digits` hex digits of the id as
 * its suffix, the base shortened so the whole stays a DNS-1123 label: what a name collision retries with.
 */
export function lengthenJobName(name: string, id: string, digits: number): string {
  const hex = id.replace(/[^0-9a-f]/gi, '').toLowerCase();
  const base = name.replace(/-[0-9a-f]{8,}$/, '');
  if (digits <= 8 && name.endsWith(`-${hex.slice(0, 8)}`)) return name;
  const suffix = hex.slice(0, digits);
  const slug = base.slice(0, 63 - 1 - suffix.length).replace(/-+$/, '') || 'job';
  return `${slug}-${suffix}`;
}
