import { plainTerminalText } from '../../src/terminal-text';

describe('plainTerminalText', () => {
  it('removes colours, cursor moves, titles and hyperlinks', () => {
    expect(plainTerminalText('\x1b[1m\x1b[32madded\x1b[39m\x1b[22m 12 packages\x1b[K')).toBe(
      'added 12 packages',
    );
    expect(
      plainTerminalText('\x1b]0;npm ci\x07\x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\ done'),
    ).toBe('link done');
    expect(plainTerminalText('\x1b[?25l\x1b(Bhidden cursor\x1b[?25h')).toBe('hidden cursor');
  });

  it('keeps what a redrawn line showed last, and the other lines as they are', () => {
    expect(plainTerminalText('⠋ idealTree\r⠙ reify\r\x1b[2Kadded 3 packages\r\nnext\tline')).toBe(
      'added 3 packages\nnext\tline',
    );
    expect(plainTerminalText('plain text\n')).toBe('plain text\n');
  });
});
