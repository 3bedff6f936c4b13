import { createHash } from 'node:crypto';

/**
 * The job name of a step, `<target>-<step>`, as a valid DNS-1123 label (lower-case
 * alphanumerics and dashes, at most 63 characters). A name that would be longer shortens the
 * target part, keeps the step, and ends with a hash of the whole target and step
 * (`<target start>-<step>-<hash>`), so two long targets never share a name.
 */
export function stepJobName(target: string, step: string, maxLength = 63): string {
  const clean = (text: string) =>
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const full = [clean(target), clean(step)].filter(Boolean).join('-') || 'step';
  if (full.length <= maxLength) return full;
  const hash = createHash('sha256').update(`${target}\u0000${step}`).digest('hex').slice(0, 8);
  const tail = `-${clean(step)}-${hash}`.slice(-(maxLength - 1));
  const head = clean(target)
    .slice(0, Math.max(0, maxLength - tail.length))
    .replace(/-+$/, '');
  return `${head || 's'}${tail}`.slice(0, maxLength);
}
