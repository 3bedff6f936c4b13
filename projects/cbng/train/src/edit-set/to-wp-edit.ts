import type { Revision, WPEdit, XmlTree } from './wp-edit';

/** A field of an edit is missing or malformed. */
export class EditFieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = this.constructor.name;
  }
}

/**
 * Turns a parsed `<WPEdit>` element (or the same shape as JSON, for prediction) into a
 * {@link WPEdit}. Numbers and timestamps may be missing (0); `EditID` and `current.text` may
 * not. `requireLabel` makes `isVandalism` mandatory (training and trial sets).
 */
export function toWPEdit(tree: XmlTree, requireLabel: boolean): WPEdit {
  const common = child(tree, 'common');
  const current = child(tree, 'current');
  const previous = child(tree, 'previous');
  const editId = text(tree, 'EditID');
  if (!editId) throw new EditFieldError('EditID', 'missing (every WPEdit needs its EditID)');
  if (typeof current.text !== 'string' && current.text !== undefined)
    throw new EditFieldError('current.text', 'must be text');
  const label = text(tree, 'isVandalism').toLowerCase();
  let isVandalism: boolean | undefined;
  if (label === 'true' || label === '1') isVandalism = true;
  else if (label === 'false' || label === '0') isVandalism = false;
  else if (label !== '' || requireLabel)
    throw new EditFieldError(
      'isVandalism',
      `${label === '' ? 'missing' : `"${label}" is not a label`} (use true or false)`,
    );
  return {
    editType: text(tree, 'EditType') || 'change',
    editId,
    comment: text(tree, 'comment'),
    user: text(tree, 'user'),
    userEditCount: number(tree, 'user_edit_count'),
    userDistinctPages: number(tree, 'user_distinct_pages'),
    userWarns: number(tree, 'user_warns'),
    prevUser: text(tree, 'prev_user'),
    userRegTime: time(tree, 'user_reg_time'),
    pageMadeTime: time(common, 'page_made_time', 'common.'),
    title: text(common, 'title'),
    namespace: text(common, 'namespace'),
    creator: text(common, 'creator'),
    numRecentEdits: number(common, 'num_recent_edits', 'common.'),
    numRecentReversions: number(common, 'num_recent_reversions', 'common.'),
    current: revision(current, 'current.'),
    previous: revision(previous, 'previous.'),
    isVandalism,
    raw: tree,
  };
}

function revision(tree: XmlTree, prefix: string): Revision {
  const minor = text(tree, 'minor').toLowerCase();
  return {
    timestamp: time(tree, 'timestamp', prefix),
    text: text(tree, 'text'),
    minor: minor === 'true' || minor === '1',
  };
}

function child(tree: XmlTree, name: string): XmlTree {
  const value = tree[name];
  return typeof value === 'object' && value !== null ? value : {};
}

function text(tree: XmlTree, name: string): string {
  const value = tree[name];
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return '';
  return String(value);
}

function number(tree: XmlTree, name: string, prefix = ''): number {
  const value = text(tree, name).trim();
  if (value === '') return 0;
  const parsed = Number(value);
  if (!Number.isFinite(parsed))
    throw new EditFieldError(`${prefix}${name}`, `"${value}" is not a number`);
  return parsed;
}

/** Unix seconds, or an ISO-8601 / MediaWiki `YYYYMMDDHHMMSS` time. */
function time(tree: XmlTree, name: string, prefix = ''): number {
  const value = text(tree, name).trim();
  if (value === '') return 0;
  if (/^-?\d{1,11}$/.test(value)) return Number(value);
  const wiki = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (wiki) {
    const [, y, mo, d, h, mi, s] = wiki.map(Number);
    return Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
  }
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed))
    throw new EditFieldError(
      `${prefix}${name}`,
      `"${value}" is not a time (unix seconds or ISO-8601)`,
    );
  return Math.floor(parsed / 1000);
}
