/** One side (current or previous revision) of an edit. */
export interface Revision {
  /** Unix seconds; 0 when unknown. */
  timestamp: number;
  text: string;
  minor: boolean;
}

/** One `<WPEdit>` of an edit set, with the fields the features read; the rest is kept in `raw`. */
export interface WPEdit {
  editType: string;
  editId: string;
  comment: string;
  user: string;
  userEditCount: number;
  userDistinctPages: number;
  userWarns: number;
  prevUser: string;
  /** Unix seconds; 0 when unknown. */
  userRegTime: number;
  pageMadeTime: number;
  title: string;
  namespace: string;
  creator: string;
  numRecentEdits: number;
  numRecentReversions: number;
  current: Revision;
  /** Empty text for a page creation. */
  previous: Revision;
  /** The label; undefined in unlabelled input (prediction). */
  isVandalism?: boolean;
  /** Every element as read, for debug output: nested objects of strings. */
  raw: XmlTree;
}

/** An XML element as nested objects: leaf elements are strings. */
export interface XmlTree {
  [name: string]: string | XmlTree;
}
