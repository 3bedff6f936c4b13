import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { syntheticEdits } from '../edit-set/synthetic';
import { editToXml } from '../edit-set/write-edit-set';

/** Writes a synthetic edit set of `count` edits to `path`, streamed (used by tests and bench). */
export async function writeSyntheticEditSet(
  path: string,
  count: number,
  seed: number,
  vandalShare = 0.5,
): Promise<void> {
  const out = createWriteStream(path);
  out.write('<?xml version="1.0" encoding="UTF-8"?>\n<WPEditSet>\n');
  const batch = 1000;
  for (let start = 0; start < count; start += batch) {
    const edits = syntheticEdits(Math.min(batch, count - start), seed + start, vandalShare);
    edits.forEach((edit, k) => (edit.editId = String(seed * 1_000_000 + start + k)));
    if (!out.write(edits.map(editToXml).join('\n') + '\n')) await once(out, 'drain');
  }
  out.end('</WPEditSet>\n');
  await once(out, 'finish');
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      'vandal-share': { type: 'string', default: '0.5' },
      out: { type: 'string' },
    },
  });
  if (!values.out) {
    process.stderr.write(
      'usage: generate-edit-sets --out FILE [--count N] [--seed S] [--vandal-share F]\n',
    );
    process.exit(2);
  }
  void writeSyntheticEditSet(
    values.out,
    Number(values.count),
    Number(values.seed),
    Number(values['vandal-share']),
  );
}
