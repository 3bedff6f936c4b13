import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import type { SettingsProblem } from './settings-error';

/** A dotenv file's variables, each with the line that set it. */
export interface DotenvFile {
  /** The file as given (relative paths stay relative, for messages). */
  file: string;
  entries: Map<string, { value: string; line: number }>;
  problems: SettingsProblem[];
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=(.*)$/;

/**
 * Reads a dotenv file without touching `process.env`. Values are parsed by dotenv itself;
 * this adds what dotenv leaves out: the line of each variable, and a problem for every line
 * that is not `KEY=VALUE` (dotenv skips those silently) or sets a variable twice.
 *
 * @param path absolute path to read
 * @param displayPath how messages name the file (default: `path`)
 */
export function readDotenvFile(path: string, displayPath = path): DotenvFile {
  const result: DotenvFile = { file: displayPath, entries: new Map(), problems: [] };
  if (!existsSync(path)) return result;
  const content = readFileSync(path, 'utf8');
  const values = parse(content);
  const lines = new Map<string, number>();
  let openQuote: string | undefined;

  content.split(/\r?\n/).forEach((text, index) => {
    const line = index + 1;
    if (openQuote) {
      if (closesQuote(text, openQuote)) openQuote = undefined;
      return;
    }
    if (/^\s*(#.*)?$/.test(text)) return;
    const match = ASSIGNMENT.exec(text);
    if (!match) {
      result.problems.push({
        source: { kind: 'file', file: displayPath, line },
        message: `malformed line ${JSON.stringify(text.trim())}: expected KEY=VALUE`,
      });
      return;
    }
    const [, name, rawValue] = match;
    const value = rawValue.trimStart();
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && !closesQuote(value.slice(1), quote)) {
      openQuote = quote;
    }
    const previous = lines.get(name);
    if (previous !== undefined) {
      result.problems.push({
        name,
        source: { kind: 'file', file: displayPath, line },
        message: `set twice, first on line ${previous}: remove one of them`,
      });
    }
    lines.set(name, line);
  });

  if (openQuote) {
    result.problems.push({
      source: { kind: 'file', file: displayPath, line: content.split(/\r?\n/).length },
      message: `a value opened with ${openQuote} is never closed`,
    });
  }
  for (const [name, line] of lines) {
    result.entries.set(name, { value: values[name] ?? '', line });
  }
  return result;
}

function closesQuote(text: string, quote: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return true;
  }
  return false;
}
