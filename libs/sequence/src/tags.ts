/** The tagging schemes of chunk labels (`B-PER`, `I-LOC`, `O`, ...). */
export type TagScheme = 'IOB1' | 'IOB2' | 'BIOES';

/** A labelled span of tokens: `start` inclusive, `end` exclusive. */
export interface Chunk {
  type: string;
  start: number;
  end: number;
}

/** A tag split into its prefix (`B`, `I`, `E`, `S` or `O`) and its type (`''` for `O`). */
export interface ParsedTag {
  prefix: 'B' | 'I' | 'E' | 'S' | 'O';
  type: string;
}

/** A tag that is not `O` nor `<B|I|E|S>-<type>`. */
export class TagError extends Error {
  constructor(readonly tag: string) {
    super(
      `"${tag}" is not an IOB1, IOB2 (BIO) or BIOES tag: use O, or B-, I-, E-, S- followed by the entity type`,
    );
    this.name = this.constructor.name;
  }
}

const TAG = /^([BIES])[-_](.+)$/;

/** Splits a tag into prefix and type; throws a {@link TagError} for anything else. */
export function parseTag(tag: string): ParsedTag {
  if (tag === 'O') return { prefix: 'O', type: '' };
  const match = TAG.exec(tag);
  if (!match) throw new TagError(tag);
  return { prefix: match[1] as ParsedTag['prefix'], type: match[2] };
}

/**
 * Whether a chunk ends between the previous tag and this one: the rules of the CoNLL
 * `conlleval` script, extended to `E`/`S` as its common BIOES port does.
 */
export function endsChunk(previous: ParsedTag, current: ParsedTag): boolean {
  const p = previous.prefix;
  const c = current.prefix;
  if (p === 'E' || p === 'S') return true;
  if ((p === 'B' || p === 'I') && (c === 'B' || c === 'S' || c === 'O')) return true;
  return p !== 'O' && previous.type !== current.type;
}

/** Whether a chunk starts at this tag, given the previous one (conlleval's rules, with E/S). */
export function startsChunk(previous: ParsedTag, current: ParsedTag): boolean {
  const p = previous.prefix;
  const c = current.prefix;
  if (c === 'B' || c === 'S') return true;
  if ((p === 'E' || p === 'S' || p === 'O') && (c === 'E' || c === 'I')) return true;
  return c !== 'O' && previous.type !== current.type;
}

const OUTSIDE: ParsedTag = { prefix: 'O', type: '' };

/** The chunks of one sentence's tags in any scheme, read as conlleval reads them. */
export function chunksOf(tags: readonly string[]): Chunk[] {
  const chunks: Chunk[] = [];
  let previous = OUTSIDE;
  let open: Chunk | undefined;
  for (let i = 0; i <= tags.length; i++) {
    const current = i < tags.length ? parseTag(tags[i]) : OUTSIDE;
    if (open && endsChunk(previous, current)) {
      open.end = i;
      chunks.push(open);
      open = undefined;
    }
    if (i < tags.length && startsChunk(previous, current))
      open = { type: current.type, start: i, end: i + 1 };
    previous = current;
  }
  return chunks;
}

/** Writes chunks as the tags of a sentence of `length` tokens in the given scheme. */
export function tagsOf(chunks: readonly Chunk[], length: number, scheme: TagScheme): string[] {
  const tags = new Array<string>(length).fill('O');
  const sorted = [...chunks].sort((a, b) => a.start - b.start);
  let previousEnd = -1;
  let previousType = '';
  for (const { type, start, end } of sorted) {
    for (let i = start; i < end; i++) tags[i] = `I-${type}`;
    if (scheme === 'IOB2') tags[start] = `B-${type}`;
    else if (scheme === 'IOB1') {
      if (previousEnd === start && previousType === type) tags[start] = `B-${type}`;
    } else if (end - start === 1) tags[start] = `S-${type}`;
    else {
      tags[start] = `B-${type}`;
      tags[end - 1] = `E-${type}`;
    }
    previousEnd = end;
    previousType = type;
  }
  return tags;
}

/** Rewrites one sentence's tags from any scheme into `scheme`. */
export function convertTags(tags: readonly string[], scheme: TagScheme): string[] {
  return tagsOf(chunksOf(tags), tags.length, scheme);
}

/**
 * Finds the scheme of tagged sentences: BIOES when any `E-`/`S-` tag occurs; IOB1 when chunks
 * start with `I-` and `B-` only ever separates two adjacent chunks of one type; IOB2 otherwise
 * (also for data with no entities). Throws a {@link TagError} for a tag of no scheme.
 */
export function detectScheme(sentences: Iterable<readonly string[]>): TagScheme {
  let startsWithI = false;
  let startsWithB = false;
  for (const tags of sentences) {
    let previous = OUTSIDE;
    for (const tag of tags) {
      const current = parseTag(tag);
      if (current.prefix === 'E' || current.prefix === 'S') return 'BIOES';
      const chunkStart = previous.prefix === 'O' || previous.type !== current.type;
      if (current.prefix === 'I' && chunkStart) startsWithI = true;
      if (current.prefix === 'B' && chunkStart) startsWithB = true;
      previous = current;
    }
  }
  return startsWithI && !startsWithB ? 'IOB1' : 'IOB2';
}

/** The entity types of tagged sentences, sorted. */
export function entityTypes(sentences: Iterable<readonly string[]>): string[] {
  const types = new Set<string>();
  for (const tags of sentences)
    for (const tag of tags) if (tag !== 'O') types.add(parseTag(tag).type);
  return [...types].sort();
}
