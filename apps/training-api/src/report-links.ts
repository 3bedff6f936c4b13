import { randomBytes } from 'node:crypto';

/** How long a report link stays usable: long enough for the browser to follow it. */
const LINK_TTL_MS = 60_000;

/**
 * One-time links to a version's report.html. A page follows a link with a plain navigation,
 * which cannot carry the bearer token; so an authorised client asks for a link, and the link
 * opens the report once, within a minute, and for that version only. The ticket is random
 * (256 bits) and never stored anywhere but in this process's memory.
 */
export class ReportLinks {
  private readonly tickets = new Map<string, { versionId: string; expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new link (path and query) to the report of `versionId`. */
  issue(versionId: string): string {
    this.prune();
    const ticket = randomBytes(32).toString('hex');
    this.tickets.set(ticket, { versionId, expires: this.now() + LINK_TTL_MS });
    return `/models/${encodeURIComponent(versionId)}/report.html?ticket=${ticket}`;
  }

  /** True, once, when `ticket` was issued for `versionId` and has not expired. */
  redeem(versionId: string, ticket: string | undefined): boolean {
    if (!ticket) return false;
    const entry = this.tickets.get(ticket);
    if (!entry) return false;
    this.tickets.delete(ticket);
    return entry.versionId === versionId && entry.expires >= this.now();
  }

  private prune(): void {
    const now = this.now();
    for (const [ticket, entry] of this.tickets)
      if (entry.expires < now) this.tickets.delete(ticket);
  }
}
