/**
 * A LOG_FORMAT such as `<Date> <Time> <Pid> <Level> <Component>: <Content>`, the way
 * log-parsing benchmarks (Loghub) configure parsers: `<Name>` is a header field, every other
 * character is a regular expression fragment, and each run of spaces matches any whitespace.
 * `<Content>` is the message the parser learns templates from.
 */
export interface LogFormat {
  /** The header names, in order. */
  fields: string[];
  /** Splits one raw line into its fields, or undefined when the line does not fit the format. */
  parse(line: string): Record<string, string> | undefined;
}

/** Compiles a LOG_FORMAT; throws an Error naming the problem when it has no `<Content>` or is not a valid pattern. */
export function compileLogFormat(format: string): LogFormat {
  const parts = format.split(/(<[^<>]+>)/);
  const fields: string[] = [];
  let pattern = '';
  parts.forEach((part, index) => {
    if (index % 2 === 1) {
      // Named groups, as Loghub's parsers use, so groups of the format's own regex fragments
      // (`(\\[<PID>\\])?`) do not shift the fields.
      pattern += `(?<f${fields.length}>.*?)`;
      fields.push(part.slice(1, -1));
    } else {
      pattern += part.replace(/ +/g, '\\s+');
    }
  });
  if (!fields.includes('Content'))
    throw new Error(
      `LOG_FORMAT "${format}" has no <Content> field (e.g. "<Date> <Time> <Level>: <Content>")`,
    );
  let regex: RegExp;
  try {
    regex = new RegExp(`^${pattern}$`);
  } catch (error) {
    throw new Error(`LOG_FORMAT "${format}" is not a valid pattern: ${(error as Error).message}`);
  }
  return {
    fields,
    parse(line) {
      const match = regex.exec(line.trim());
      if (!match) return undefined;
      const record: Record<string, string> = {};
      fields.forEach(
        (field, index) => (record[field] = (match.groups?.[`f${index}`] ?? '').trim()),
      );
      return record;
    },
  };
}
