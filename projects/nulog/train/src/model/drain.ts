import { WILDCARD } from './tokenize';
import type { LearnedTemplates } from './brain';

/** Options of {@link drainTemplates}, Drain's published defaults. */
export interface DrainOptions {
  /** Tokens of the prefix tree below the length layer. Default: 2 (tree depth 4). */
  prefixDepth?: number;
  /** Least share of equal tokens for a message to join a group. Default: 0.5. */
  similarity?: number;
  /** Children of a tree node before new tokens go under `<*>`. Default: 100. */
  maxChildren?: number;
}

/**
 * Drain (He et al., "Drain: An Online Log Parsing Approach with Fixed Depth Tree", ICWS 2017),
 * the baseline every run computes: a fixed-depth tree on length and the first tokens (tokens
 * with digits go under `<*>`), then the most similar group in the leaf, or a new group.
 */
export function drainTemplates(
  messages: readonly string[][],
  options: DrainOptions = {},
): LearnedTemplates {
  const depth = options.prefixDepth ?? 2;
  const threshold = options.similarity ?? 0.5;
  const maxChildren = options.maxChildren ?? 100;
  interface Node {
    children: Map<string, Node>;
    groups: number[];
  }
  const root: Node = { children: new Map(), groups: [] };
  const templates: string[][] = [];
  const assignments: number[] = [];
  const child = (node: Node, key: string): Node => {
    let next = node.children.get(key);
    if (next) return next;
    if (node.children.size >= maxChildren && key !== WILDCARD) return child(node, WILDCARD);
    next = { children: new Map(), groups: [] };
    node.children.set(key, next);
    return next;
  };
  for (const tokens of messages) {
    let node = child(root, String(tokens.length));
    for (let level = 0; level < Math.min(depth, tokens.length); level++) {
      const token = /\d/.test(tokens[level]) ? WILDCARD : tokens[level];
      node = node.children.get(token) ?? child(node, token);
    }
    let best = -1;
    let bestScore = -1;
    let bestWildcards = -1;
    for (const id of node.groups) {
      const template = templates[id];
      let equal = 0;
      let wildcards = 0;
      template.forEach((token, position) => {
        if (token === WILDCARD) wildcards++;
        else if (token === tokens[position]) equal++;
      });
      const score = equal / tokens.length;
      if (score > bestScore || (score === bestScore && wildcards > bestWildcards)) {
        best = id;
        bestScore = score;
        bestWildcards = wildcards;
      }
    }
    if (best >= 0 && bestScore >= threshold) {
      templates[best] = templates[best].map((token, position) =>
        token === tokens[position] ? token : WILDCARD,
      );
      assignments.push(best);
    } else {
      templates.push([...tokens]);
      node.groups.push(templates.length - 1);
      assignments.push(templates.length - 1);
    }
  }
  return { templates, assignments };
}
