import { JobRequestError } from '../errors';

/** A page position: the creation time and id of the last job shown. */
export type Cursor = [createdAt: string, id: string];

/** An opaque cursor (base64url of the position): clients pass it back as they got it. */
export function encodeCursor(position: Cursor): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position in a cursor; a cursor that was not made by {@link encodeCursor} is a 400. */
export function decodeCursor(cursor: string): Cursor {
  try {
    const position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(position) &&
      position.length === 2 &&
      position.every((part) => typeof part === 'string')
    )
      return position as Cursor;
  } catch {
    // reported below
  }
  throw new JobRequestError(
    'cursor',
    'is not a cursor this service gave: pass nextCursor back unchanged',
  );
}
