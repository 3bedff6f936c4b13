/* eslint-disable no-control-regex -- control characters are what this file matches */
// Escape sequences a program writes for a terminal: CSI (colours, cursor moves, line erases),
// OSC (window titles, hyperlinks), character set choices (ESC ( B) and the two-character ones
// (ESC followed by one character).
const CSI = /\x1b\[[0-?]*[ -/]*[@-~]/g;
const OSC = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
const CHARSET = /\x1b[()*+][0-9A-Za-z]/g;
const SHORT_ESCAPE = /\x1b[@-Z\\-_]/g;
// Control characters other than tab and newline that are left once the sequences are gone.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;

/**
 * Text written for a terminal, as a log file should hold it: escape sequences removed, and a
 * line redrawn with carriage returns (a progress bar) reduced to what it showed last. For output
 * relayed from docker builds, npm and containers to a log that is not a terminal.
 */
export function plainTerminalText(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const withoutSequences = line
        .replace(OSC, '')
        .replace(CSI, '')
        .replace(CHARSET, '')
        .replace(SHORT_ESCAPE, '');
      // "\r" returns to the line's start: what follows the last one is what was left showing.
      const redrawn = withoutSequences.replace(/\r+$/, '');
      const shown = redrawn.slice(redrawn.lastIndexOf('\r') + 1);
      return shown.replace(CONTROL, '');
    })
    .join('\n');
}
