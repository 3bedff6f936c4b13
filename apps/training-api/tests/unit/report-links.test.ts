import { ReportLinks } from '../../src/report-links';

describe('ReportLinks', () => {
  const ticketOf = (link: string) => new URL(link, 'http://x').searchParams.get('ticket')!;

  it('opens the report of its own version once', () => {
    const links = new ReportLinks(() => 1_000);
    const link = links.issue('KEYWORDS-TRAINED-1');
    expect(link).toMatch(/^\/models\/KEYWORDS-TRAINED-1\/report\.html\?ticket=[0-9a-f]{64}$/);
    expect(links.redeem('KEYWORDS-TRAINED-1', ticketOf(link))).toBe(true);
    expect(links.redeem('KEYWORDS-TRAINED-1', ticketOf(link))).toBe(false);
  });

  it('refuses another version, an unknown ticket, no ticket and an expired one', () => {
    let now = 0;
    const links = new ReportLinks(() => now);
    expect(links.redeem('KEYWORDS-TRAINED-2', ticketOf(links.issue('KEYWORDS-TRAINED-1')))).toBe(
      false,
    );
    expect(links.redeem('KEYWORDS-TRAINED-1', 'f'.repeat(64))).toBe(false);
    expect(links.redeem('KEYWORDS-TRAINED-1', undefined)).toBe(false);
    const late = links.issue('KEYWORDS-TRAINED-1');
    now = 60_001;
    expect(links.redeem('KEYWORDS-TRAINED-1', ticketOf(late))).toBe(false);
  });
});
