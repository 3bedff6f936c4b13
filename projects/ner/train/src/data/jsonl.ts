import type { TaggedSentence } from './sentence';

/**
 * Checks one JSONL record `{ "tokens": [...], "tags": [...] }`; the message names the field.
 * `line` is filled in by the reader.
 */
export function parseJsonSentence(value: unknown): TaggedSentence {
  const record = value as { tokens?: unknown; tags?: unknown };
  if (!Array.isArray(record?.tokens) || !record.tokens.every((t) => typeof t === 'string'))
    throw new Error('field "tokens" must be an array of strings');
  if (!Array.isArray(record.tags) || !record.tags.every((t) => typeof t === 'string'))
    throw new Error('field "tags" must be an array of strings');
  if (record.tokens.length !== record.tags.length)
    throw new Error(
      `"tokens" has ${record.tokens.length} items but "tags" has ${record.tags.length}: give one tag per token`,
    );
  if (record.tokens.length === 0) throw new Error('field "tokens" is empty');
  return { tokens: record.tokens as string[], tags: record.tags as string[], line: 0 };
}
