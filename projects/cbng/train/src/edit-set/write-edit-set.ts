import type { WPEdit } from './wp-edit';

/** Escapes text for XML content (`"` as `&quot;`, as the review interface's dumps do). */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** One `<WPEdit>` element, in the review interface's dump format. */
export function editToXml(edit: WPEdit): string {
  const e = (name: string, value: string | number | boolean) =>
    `<${name}>${escapeXml(String(value))}</${name}>`;
  return [
    '<WPEdit>',
    e('EditType', edit.editType),
    e('EditID', edit.editId),
    e('comment', edit.comment),
    e('user', edit.user),
    e('user_edit_count', edit.userEditCount),
    e('user_distinct_pages', edit.userDistinctPages),
    e('user_warns', edit.userWarns),
    e('prev_user', edit.prevUser),
    e('user_reg_time', edit.userRegTime),
    '<common>',
    e('page_made_time', edit.pageMadeTime),
    e('title', edit.title),
    e('namespace', edit.namespace),
    e('creator', edit.creator),
    e('num_recent_edits', edit.numRecentEdits),
    e('num_recent_reversions', edit.numRecentReversions),
    '</common>',
    '<current>',
    e('minor', edit.current.minor),
    e('timestamp', edit.current.timestamp),
    e('text', edit.current.text),
    '</current>',
    '<previous>',
    e('timestamp', edit.previous.timestamp),
    e('text', edit.previous.text),
    '</previous>',
    edit.isVandalism === undefined ? '' : e('isVandalism', edit.isVandalism),
    '<ReviewInterface>',
    e('status', 'done'),
    e('reviewers', 3),
    e('reviewers_agreeing', 3),
    '</ReviewInterface>',
    '</WPEdit>',
  ].join('');
}
