import { JobRequestError } from '@mesh/jobs';

/** Limits on the shape of a request body, checked before any code walks it. */
export interface BodyLimits {
  /** Deepest nesting of objects and arrays. */
  maxDepth: number;
  /** Most keys, over all objects, plus array items. */
  maxKeys: number;
}

/**
 * Throws a 400 naming the limit when a parsed body is nested deeper or holds more keys than
 * allowed. Iterative, so no body can overflow the stack here, and it stops at the first excess.
 */
export function checkBodyLimits(body: unknown, limits: BodyLimits): void {
  const stack: Array<[value: unknown, depth: number]> = [[body, 0]];
  let keys = 0;
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limits.maxDepth)
      throw new JobRequestError(
        'body',
        `is nested deeper than MAX_BODY_DEPTH (${limits.maxDepth} levels): flatten it`,
      );
    const children = Array.isArray(value) ? value : Object.values(value);
    keys += children.length;
    if (keys > limits.maxKeys)
      throw new JobRequestError(
        'body',
        `has more than MAX_BODY_KEYS (${limits.maxKeys}) keys and items: send fewer`,
      );
    for (const child of children) stack.push([child, depth + 1]);
  }
}
