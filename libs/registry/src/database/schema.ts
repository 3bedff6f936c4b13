import type { Generated } from 'kysely';

/** A registered model: one per project and kind, e.g. KEYWORDS-TRAINED. */
export interface ModelsTable {
  name: string;
  project: string;
  /** The last version number handed out; bumped inside each registration's transaction. */
  last_version: number;
  created_at: string;
}

/** An immutable model version. JSON columns are stored as text, the same on SQLite and PostgreSQL. */
export interface VersionsTable {
  id: string;
  model: string;
  number: number;
  created_at: string;
  /** `ready`, or `pruned` once `gc --keep` removed its artifacts (the record stays). */
  status: 'ready' | 'pruned';
  pruned_at: string | null;
  card: string;
  params: string;
  metrics: string;
  lineage: string;
  test_files: string;
}

/** A file of a version, stored content-addressed in the model store. */
export interface ArtifactsTable {
  version_id: string;
  path: string;
  size: number | string;
  sha256: string;
  uri: string;
}

/** Where an alias (e.g. `production`) of a model points now. */
export interface AliasesTable {
  model: string;
  alias: string;
  version_id: string;
  updated_at: string;
  updated_by: string;
}

/** Every move of an alias: who moved it when, from which version to which. */
export interface AliasEventsTable {
  id: Generated<number>;
  model: string;
  alias: string;
  from_version: string | null;
  to_version: string;
  actor: string;
  at: string;
}

/** A score of a version on labelled data, by `mesh evaluate`. */
export interface EvaluationsTable {
  id: Generated<number>;
  version_id: string;
  data_uri: string;
  /** `sha256:<hex>` of the data bytes. */
  data_digest: string;
  records: number;
  /** JSON object of metric name to value. */
  metrics: string;
  created_at: string;
  actor: string;
  /** JSON of the CI context (`GITHUB_*`), or null outside CI. */
  context: string | null;
}

export interface RegistryDatabase {
  evaluations: EvaluationsTable;
  models: ModelsTable;
  versions: VersionsTable;
  artifacts: ArtifactsTable;
  aliases: AliasesTable;
  alias_events: AliasEventsTable;
}
