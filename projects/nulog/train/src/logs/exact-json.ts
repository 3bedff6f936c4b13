/**
 * JSON with integers beyond 2^53 kept exact. Elasticsearch stores `time_nanoseconds` as a long
 * (about 1.7e18 today, far above Number.MAX_SAFE_INTEGER), and JSON.parse would round it to the
 * nearest double (a step of 256 ns); a rounded `search_after` value can skip or repeat documents.
 */

/** Integers with more digits than this may not survive as a JS number (2^53 has 16 digits). */
const SAFE_DIGITS = 15;

/**
 * Parses JSON like JSON.parse, except that integer literals of more than 15 digits (outside
 * strings) become digit strings, e.g. `{"t": 1764633600123456789}` -> `{t: "1764633600123456789"}`.
 */
export function parseExactJson<T = unknown>(text: string): T {
  let out = '';
  let copied = 0;
  let index = 0;
  const length = text.length;
  while (index < length) {
    const char = text.charCodeAt(index);
    if (char === 34 /* " */) {
      // Skip the string, escapes included.
      index++;
      while (index < length) {
        const c = text.charCodeAt(index);
        if (c === 92 /* \ */) index += 2;
        else if (c === 34) break;
        else index++;
      }
      index++;
      continue;
    }
    if (char === 45 /* - */ || (char >= 48 && char <= 57)) {
      const start = index;
      index++;
      while (index < length) {
        const c = text.charCodeAt(index);
        if ((c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45)
          index++;
        else break;
      }
      const literal = text.slice(start, index);
      const digits = literal.startsWith('-') ? literal.length - 1 : literal.length;
      if (digits > SAFE_DIGITS && /^-?\d+$/.test(literal)) {
        out += `${text.slice(copied, start)}"${literal}"`;
        copied = index;
      }
      continue;
    }
    index++;
  }
  return JSON.parse(copied === 0 ? text : out + text.slice(copied)) as T;
}

/** JSON.stringify, writing a bigint as a bare JSON integer with every digit. */
export function stringifyExactJson(value: unknown): string {
  const marker = '\u0000bigint:';
  const text = JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? `${marker}${item}` : item,
  );
  // JSON.stringify escapes the marker's NUL as `\u0000`; only a string that is exactly the marker
  // and digits (never a log field) could be taken for a bigint.
  return text.includes('\\u0000bigint:') ? text.replace(/"\\u0000bigint:(-?\d+)"/g, '$1') : text;
}
