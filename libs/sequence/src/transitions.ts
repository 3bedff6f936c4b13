import { parseTag } from './tags';

/**
 * Which label may follow which in a BIOES (or IOB2) label set, so decoding can never emit a
 * sequence that is not a valid chunking: `I-X`/`E-X` only after `B-X`/`I-X`, a sentence not
 * ending inside a chunk.
 */
export interface TransitionConstraints {
  /** `start[y]`: label y may begin a sentence. */
  start: Uint8Array;
  /** `allowed[p * L + y]`: label y may follow label p. */
  allowed: Uint8Array;
  /** `end[y]`: a sentence may end with label y. */
  end: Uint8Array;
}

/** The constraints of a BIOES or IOB2 label set (labels as `O`, `B-PER`, ...). */
export function transitionConstraints(labels: readonly string[]): TransitionConstraints {
  const parsed = labels.map(parseTag);
  const L = labels.length;
  const opensNothing = (p: (typeof parsed)[number]) =>
    p.prefix === 'O' || p.prefix === 'E' || p.prefix === 'S';
  const continues = (p: (typeof parsed)[number]) => p.prefix === 'I' || p.prefix === 'E';
  const bioes = parsed.some((p) => p.prefix === 'E' || p.prefix === 'S');
  const start = new Uint8Array(L);
  const end = new Uint8Array(L);
  const allowed = new Uint8Array(L * L);
  for (let y = 0; y < L; y++) {
    start[y] = continues(parsed[y]) ? 0 : 1;
    end[y] = bioes ? (opensNothing(parsed[y]) ? 1 : 0) : 1;
    for (let p = 0; p < L; p++) {
      const previous = parsed[p];
      const current = parsed[y];
      const inside = bioes ? !opensNothing(previous) : previous.prefix !== 'O';
      allowed[p * L + y] = continues(current)
        ? inside && previous.type === current.type
          ? 1
          : 0
        : bioes && inside
          ? 0
          : 1;
    }
  }
  return { start, allowed, end };
}
