import { looksVariable, WILDCARD } from './tokenize';

/** Options of {@link learnTemplates}. */
export interface BrainOptions {
  /**
   * A column outside a group's longest common pattern, with no digits, splits the group into one
   * template per value when it has at most this many distinct values; with more it is a parameter.
   * Default: 2.
   */
  splitMaxValues?: number;
}

/** Templates learned from tokenized messages, and the template of every message. */
export interface LearnedTemplates {
  /** Each template's tokens, parameters as `<*>`. */
  templates: string[][];
  /** The index in `templates` of every input message. */
  assignments: number[];
}

/**
 * Learns log templates the way Brain does (Yu et al., "Brain: Log Parsing with Bidirectional
 * Parallel Tree", IEEE TSC 2023): messages are grouped by length; within a length, each
 * (position, word) pair is counted; a message's longest common pattern is the set of its words
 * that share the frequency most of its words have (ties to the higher frequency), since a
 * logging statement repeats its constant words together. Messages with the same pattern form a
 * group whose pattern words are constants; every other column is constant when it has one value,
 * splits the group when it has a few word values (child direction), and is a parameter otherwise.
 * Groups whose templates differ in one column only are merged, with that column a parameter,
 * when the column would be one within a single group (a `<*>` among its values, a digit, or
 * more than `splitMaxValues` words): a frequent parameter value can make its own pattern.
 * Groups that end with the same template are one template.
 */
export function learnTemplates(
  messages: readonly string[][],
  options: BrainOptions = {},
): LearnedTemplates {
  const splitMaxValues = options.splitMaxValues ?? 2;
  const byLength = new Map<number, number[]>();
  messages.forEach((tokens, index) => {
    const list = byLength.get(tokens.length);
    if (list) list.push(index);
    else byLength.set(tokens.length, [index]);
  });

  const templateIndex = new Map<string, number>();
  const templates: string[][] = [];
  const assignments = new Array<number>(messages.length);
  const assign = (template: string[], members: readonly number[]) => {
    const key = template.join(' ');
    let id = templateIndex.get(key);
    if (id === undefined) {
      id = templates.length;
      templates.push(template);
      templateIndex.set(key, id);
    }
    for (const member of members) assignments[member] = id;
  };

  for (const [length, members] of byLength) {
    const frequency = Array.from({ length }, () => new Map<string, number>());
    for (const member of members) {
      messages[member].forEach((token, position) =>
        frequency[position].set(token, (frequency[position].get(token) ?? 0) + 1),
      );
    }
    const roots = new Map<string, { pattern: Set<number>; members: number[] }>();
    for (const member of members) {
      const pattern = commonPattern(messages[member], frequency);
      const key = [...pattern]
        .map((position) => `${position}\u0001${messages[member][position]}`)
        .join('\u0002');
      const root = roots.get(key);
      if (root) root.members.push(member);
      else roots.set(key, { pattern, members: [member] });
    }
    const groups = [...roots.values()].flatMap((root) =>
      resolveGroup(messages, root.members, root.pattern, length, splitMaxValues),
    );
    for (const group of mergeSiblings(groups, length, splitMaxValues))
      assign(group.template, group.members);
  }
  return { templates, assignments };
}

/** The positions of a message's longest common pattern: its words of the most shared frequency. */
function commonPattern(
  tokens: readonly string[],
  frequency: readonly Map<string, number>[],
): Set<number> {
  const votes = new Map<number, number>();
  tokens.forEach((token, position) => {
    if (token === WILDCARD) return;
    const count = frequency[position].get(token) ?? 0;
    votes.set(count, (votes.get(count) ?? 0) + 1);
  });
  let best = -1;
  let bestVotes = 0;
  for (const [count, n] of votes) {
    if (n > bestVotes || (n === bestVotes && count > best)) {
      best = count;
      bestVotes = n;
    }
  }
  const pattern = new Set<number>();
  tokens.forEach((token, position) => {
    if (token !== WILDCARD && frequency[position].get(token) === best) pattern.add(position);
  });
  return pattern;
}

/** Splits one root group on its few-valued word columns (child direction) and builds each template. */
function resolveGroup(
  messages: readonly string[][],
  members: number[],
  constants: ReadonlySet<number>,
  length: number,
  splitMaxValues: number,
): { template: string[]; members: number[] }[] {
  const first = messages[members[0]];
  const template = new Array<string>(length);
  let split: { position: number; values: Map<string, number[]> } | undefined;
  for (let position = 0; position < length; position++) {
    if (constants.has(position)) {
      template[position] =
        members.length === 1 && looksVariable(first[position]) ? WILDCARD : first[position];
      continue;
    }
    const values = new Map<string, number[]>();
    for (const member of members) {
      const token = messages[member][position];
      const list = values.get(token);
      if (list) list.push(member);
      else values.set(token, [member]);
    }
    const [token] = values.keys();
    if (values.size === 1) {
      template[position] =
        token === WILDCARD || (members.length === 1 && looksVariable(token)) ? WILDCARD : token;
      continue;
    }
    template[position] = WILDCARD;
    const words = [...values.keys()].every((value) => !looksVariable(value));
    if (words && values.size <= splitMaxValues && (!split || values.size < split.values.size))
      split = { position, values };
  }
  if (!split) return [{ template, members }];
  const next = new Set(constants).add(split.position);
  return [...split.values.values()].flatMap((subgroup) =>
    resolveGroup(messages, subgroup, next, length, splitMaxValues),
  );
}

/** Merges groups whose templates differ in one column that is a parameter across them (see {@link learnTemplates}). */
function mergeSiblings(
  groups: { template: string[]; members: number[] }[],
  length: number,
  splitMaxValues: number,
): { template: string[]; members: number[] }[] {
  let current = groups;
  let changed = true;
  while (changed && current.length > 1) {
    changed = false;
    for (let position = 0; position < length; position++) {
      const buckets = new Map<string, { template: string[]; members: number[] }[]>();
      for (const group of current) {
        const key = group.template
          .map((token, index) => (index === position ? WILDCARD : token))
          .join('\u0001');
        const bucket = buckets.get(key);
        if (bucket) bucket.push(group);
        else buckets.set(key, [group]);
      }
      const next: { template: string[]; members: number[] }[] = [];
      for (const bucket of buckets.values()) {
        const values = new Set(bucket.map((group) => group.template[position]));
        const parameter =
          values.has(WILDCARD) || [...values].some(looksVariable) || values.size > splitMaxValues;
        if (bucket.length > 1 && parameter) {
          const template = [...bucket[0].template];
          template[position] = WILDCARD;
          next.push({ template, members: bucket.flatMap((group) => group.members) });
          changed = true;
        } else next.push(...bucket);
      }
      current = next;
    }
  }
  return current;
}
