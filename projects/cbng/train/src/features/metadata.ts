import type { WPEdit } from '../edit-set/wp-edit';
import type { EditDiff } from './diff';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}$/i;
const DAY = 86_400;

/** Whether a user name is an IP address (an anonymous edit). */
export function isAnonymous(user: string): boolean {
  return IPV4.test(user) || IPV6.test(user);
}

/** `log(1 + x) / log(1 + max)`, clipped to [0, 1]: counts and ages spread over decades. */
export function logScale(x: number, max: number): number {
  if (!(x > 0)) return 0;
  return Math.min(1, Math.log1p(x) / Math.log1p(max));
}

/** A signed quantity mapped into (0, 1) around 0.5. */
function signedScale(x: number, scale: number): number {
  return 0.5 + 0.5 * Math.tanh(x / scale);
}

function ratio(count: number, total: number): number {
  return total > 0 ? count / total : 0;
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** Names of the metadata features, in vector order. */
export const METADATA_FEATURES = [
  'anonymous',
  'user_edit_count',
  'user_distinct_pages',
  'user_warns',
  'account_age',
  'page_age',
  'num_recent_edits',
  'num_recent_reversions',
  'same_user_as_previous',
  'user_is_creator',
  'comment_empty',
  'comment_length',
  'comment_section_only',
  'comment_revert_words',
  'namespace_main',
  'namespace_talk',
  'namespace_user',
  'minor',
  'page_creation',
  'size_change',
  'size_ratio',
  'blanked',
  'inserted_length',
  'deleted_length',
  'upper_ratio',
  'digit_ratio',
  'punctuation_ratio',
  'whitespace_ratio',
  'non_latin_ratio',
  'longest_repeat',
  'exclamations',
  'all_caps_words',
  'long_words',
  'added_words',
  'removed_words',
  'added_unique_ratio',
  'wikilinks_change',
  'templates_change',
  'refs_change',
  'external_links_change',
  'headings_change',
  'bold_italic_change',
  'case_change_only',
  'first_person',
] as const;

/**
 * The edit and user metadata features, each scaled to [0, 1]: who edits (anonymous, edit count,
 * warnings, account age), the page (age, recent edits and reverts, namespace), the comment, the
 * size change, the character classes of the inserted text, markup changes and case changes.
 */
export function metadataFeatures(edit: WPEdit, diff: EditDiff): number[] {
  const now = edit.current.timestamp;
  const anonymous = isAnonymous(edit.user);
  const accountAge = anonymous || !edit.userRegTime || !now ? 0 : (now - edit.userRegTime) / DAY;
  const pageAge = edit.pageMadeTime && now ? (now - edit.pageMadeTime) / DAY : 0;
  const comment = edit.comment.trim();
  const namespace = edit.namespace.trim().toLowerCase();
  const previous = edit.previous.text;
  const current = edit.current.text;
  const inserted = diff.insertedText;
  const insertedLength = inserted.length;
  const letters = count(inserted, /\p{L}/gu);
  const words = inserted.match(/\p{L}+/gu) ?? [];
  const markup = (pattern: RegExp) => count(current, pattern) - count(previous, pattern);
  const caseChangeOnly =
    diff.addedWords.length === 0 &&
    diff.removedWords.length === 0 &&
    previous !== current &&
    previous.toLowerCase() === current.toLowerCase();
  const addedText = diff.addedWords.join(' ');
  return [
    anonymous ? 1 : 0,
    logScale(edit.userEditCount, 100_000),
    logScale(edit.userDistinctPages, 50_000),
    logScale(edit.userWarns, 50),
    logScale(accountAge, 7_300),
    logScale(pageAge, 9_000),
    logScale(edit.numRecentEdits, 1_000),
    logScale(edit.numRecentReversions, 100),
    edit.prevUser && edit.prevUser === edit.user ? 1 : 0,
    edit.creator && edit.creator === edit.user ? 1 : 0,
    comment === '' ? 1 : 0,
    logScale(comment.length, 500),
    /^\/\*.*\*\/\s*$/.test(comment) ? 1 : 0,
    /\b(revert|rv|rvv|undid|undo|vandal)/i.test(comment) ? 1 : 0,
    namespace === '' || namespace === 'main' || namespace === '0' || namespace === 'article'
      ? 1
      : 0,
    /talk/.test(namespace) || /^(1|3|5)$/.test(namespace) ? 1 : 0,
    /^user/.test(namespace) || namespace === '2' ? 1 : 0,
    edit.current.minor ? 1 : 0,
    previous === '' ? 1 : 0,
    signedScale(current.length - previous.length, 2_000),
    signedScale(Math.log((current.length + 1) / (previous.length + 1)), 1),
    previous.length > 200 && current.length < previous.length * 0.1 ? 1 : 0,
    logScale(insertedLength, 20_000),
    logScale(diff.deletedText.length, 20_000),
    ratio(count(inserted, /\p{Lu}/gu), letters),
    ratio(count(inserted, /\p{N}/gu), insertedLength),
    ratio(count(inserted, /[!?.,;:'"()*#=\-_/\\|~@&%$^]/g), insertedLength),
    ratio(count(inserted, /\s/g), insertedLength),
    ratio(count(inserted, /[^\p{Script=Latin}\p{N}\p{P}\p{S}\s]/gu), insertedLength),
    logScale(longestRepeat(inserted) - 1, 50),
    logScale(count(inserted, /!/g), 20),
    ratio(
      words.filter((word) => word.length >= 3 && word === word.toUpperCase()).length,
      words.length,
    ),
    logScale(words.filter((word) => word.length >= 20).length, 10),
    logScale(diff.addedWords.length, 5_000),
    logScale(diff.removedWords.length, 5_000),
    ratio(new Set(diff.addedWords).size, diff.addedWords.length),
    signedScale(markup(/\[\[/g), 5),
    signedScale(markup(/\{\{/g), 3),
    signedScale(markup(/<ref[\s>]/gi), 3),
    signedScale(markup(/https?:\/\//g), 3),
    signedScale(markup(/^=+[^=\n]+=+\s*$/gm), 2),
    signedScale(markup(/'''?/g), 4),
    caseChangeOnly ? 1 : 0,
    /\b(i|me|my|you|your|u|ur|lol|haha)\b/.test(addedText) ? 1 : 0,
  ];
}

/** Length of the longest run of one character, e.g. 5 in "heeeeey" (0 for ""). */
export function longestRepeat(text: string): number {
  let best = 0;
  let run = 0;
  for (let k = 0; k < text.length; k++) {
    run = k > 0 && text[k] === text[k - 1] ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}
