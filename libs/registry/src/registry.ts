import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve as resolvePath, sep } from 'node:path';
import type { ArtifactStore } from '@mesh/model-store';
import type { Selectable } from 'kysely';
import { DownloadStaging } from './download-staging';
import { checkArtifacts, type FsckOptions, type FsckReport } from './check-artifacts';
import type { RegistryConnection } from './database/connect';
import type { EvaluationsTable, VersionsTable } from './database/schema';
import { migrateToLatest } from './database/migrations';
import { writeTransaction } from './database/write-transaction';
import { RegistryError, UnknownVersionError } from './errors';
import type { Lineage } from './lineage';
import { parseVersionRef, versionId } from './model-names';

/** What a component hands over to register a version. */
export interface RegisterVersionInput {
  /** e.g. `KEYWORDS-TRAINED`. */
  model: string;
  project: string;
  /** Folder whose files (recursively) are the version's artifacts. */
  artifactsDir: string;
  card: unknown;
  /** The seed's test files by name: inputs, inference params, predictions. */
  testFiles: Record<string, unknown>;
  metrics: Record<string, number>;
  params: Record<string, unknown>;
  lineage: Lineage;
  /** Called before and after each artifact is stored. */
  onProgress?: (event: RegistrationProgress) => void;
  /**
   * Cancels the registration while its artifacts are stored: uploads stop, no version is
   * committed, and the call rejects with the signal's reason. Once the version's transaction has
   * begun it completes regardless, so a version is either wholly registered or not at all.
   * Default: not cancellable.
   */
  signal?: AbortSignal;
}

/** Progress of a registration, one event per artifact stored. */
export interface RegistrationProgress {
  file: string;
  index: number;
  total: number;
  bytes: number;
  /** False while storing; true once stored (`uploaded` then says whether bytes were sent). */
  done: boolean;
  uploaded?: boolean;
}

/** A file of a version. */
export interface ArtifactRecord {
  path: string;
  size: number;
  sha256: string;
  uri: string;
}

/** What a registration did. */
export interface RegistrationResult {
  id: string;
  model: string;
  number: number;
  artifacts: ArtifactRecord[];
  /** Bytes sent to the store. */
  uploadedBytes: number;
  /** Bytes of artifacts the store already had (content-addressed), so not sent again. */
  reusedBytes: number;
}

/** One version as listed. */
export interface VersionSummary {
  id: string;
  model: string;
  number: number;
  createdAt: string;
  status: 'ready' | 'pruned';
  aliases: string[];
  metrics: Record<string, number>;
}

/** One version in full. */
export interface VersionRecord extends VersionSummary {
  card: unknown;
  params: Record<string, unknown>;
  lineage: Lineage;
  testFiles: Record<string, unknown>;
  artifacts: ArtifactRecord[];
  /** Its scores on labelled data by `mesh evaluate`, oldest first. */
  evaluations: EvaluationRecord[];
}

/** What `mesh evaluate` stores about one score of a version. */
export interface AddEvaluationInput {
  /** Version id or alias. */
  version: string;
  dataUri: string;
  /** `sha256:<hex>` of the data bytes. */
  dataDigest: string;
  records: number;
  metrics: Record<string, number>;
  /** Who ran it: `MESH_ACTOR`, the CI actor or the login name. */
  actor: string;
  /** The CI context (`GITHUB_*` run, sha, ref), or null outside CI. */
  context: Record<string, string> | null;
}

/** A stored score of a version on labelled data. */
export interface EvaluationRecord {
  id: number;
  versionId: string;
  dataUri: string;
  dataDigest: string;
  records: number;
  metrics: Record<string, number>;
  createdAt: string;
  actor: string;
  context: Record<string, string> | null;
}

/** Two versions' params and metrics side by side. */
export interface VersionDiff {
  a: string;
  b: string;
  params: Array<{ name: string; a: unknown; b: unknown; changed: boolean }>;
  metrics: Array<{ name: string; a: number | null; b: number | null; delta: number | null }>;
}

/** A move of an alias. */
export interface AliasEvent {
  model: string;
  alias: string;
  from: string | null;
  to: string;
  actor: string;
  at: string;
}

/** Options of {@link Registry.gc}. */
export interface GcOptions {
  /** Keep the newest N versions of each model (and every aliased one); prune the rest. Default: keep all. */
  keep?: number;
  /**
   * Leave unreferenced blobs younger than this alone: they may belong to a registration still
   * uploading. Default: 1 hour.
   */
  minAgeMs?: number;
  /** Report what would be removed without removing it. Default: false. */
  dryRun?: boolean;
}

/** What gc removed (or would remove, with `dryRun`). */
export interface GcReport {
  prunedVersions: string[];
  deletedBlobs: number;
  freedBytes: number;
  /** Temporary files of killed uploads and downloads removed from the store. */
  temporaryFiles: string[];
  dryRun: boolean;
}

/** Options of {@link Registry}. */
export interface RegistryOptions {
  connection: RegistryConnection;
  artifacts: ArtifactStore;
  /** Default: `() => new Date()`. */
  now?: () => Date;
}

const ALIAS = /^[a-z][a-z0-9_-]{0,62}$/;

/**
 * The model registry: models, immutable numbered versions with their card, test files, params,
 * metrics, lineage and artifacts, and aliases with their history. Metadata is in SQL (SQLite or
 * PostgreSQL), artifacts in the model store, content-addressed. A version becomes visible in one
 * transaction, after all of its artifacts are stored.
 */
export class Registry {
  private readonly connection: RegistryConnection;
  private readonly artifacts: ArtifactStore;
  private readonly now: () => Date;

  constructor(options: RegistryOptions) {
    this.connection = options.connection;
    this.artifacts = options.artifacts;
    this.now = options.now ?? (() => new Date());
  }

  /** Brings the database schema up to date. */
  async migrate(): Promise<void> {
    await migrateToLatest(this.connection.db as never);
  }

  /** Closes the database connection. */
  async close(): Promise<void> {
    await this.connection.db.destroy();
  }

  /**
   * Stores every file of `artifactsDir` (unchanged ones are not sent again), then commits the
   * version in one transaction, numbered after the model's last version. A failure or kill
   * before the commit leaves no version; stored blobs without one are removed by {@link gc}.
   */
  async registerVersion(input: RegisterVersionInput): Promise<RegistrationResult> {
    const files = listFiles(input.artifactsDir);
    if (files.length === 0)
      throw new RegistryError(`${input.artifactsDir} holds no artifacts to register`);
    const artifacts: ArtifactRecord[] = [];
    let uploadedBytes = 0;
    let reusedBytes = 0;
    for (const [index, path] of files.entries()) {
      const absolute = join(input.artifactsDir, path);
      const bytes = statSync(absolute).size;
      input.onProgress?.({ file: path, index, total: files.length, bytes, done: false });
      input.signal?.throwIfAborted();
      const stored = await this.artifacts.putFile(absolute, { signal: input.signal });
      if (stored.uploaded) uploadedBytes += stored.size;
      else reusedBytes += stored.size;
      artifacts.push({ path, size: stored.size, sha256: stored.sha256, uri: stored.uri });
      input.onProgress?.({
        file: path,
        index,
        total: files.length,
        bytes,
        done: true,
        uploaded: stored.uploaded,
      });
    }

    input.signal?.throwIfAborted();
    const createdAt = this.now().toISOString();
    const { id, number } = await writeTransaction(this.connection, async (trx) => {
      await trx
        .insertInto('models')
        .values({
          name: input.model,
          project: input.project,
          last_version: 0,
          created_at: createdAt,
        })
        .onConflict((conflict) => conflict.column('name').doNothing())
        .execute();
      // Bumping the counter takes the model's write lock: concurrent registrations queue here,
      // and a rolled-back one gives its number back, so numbers have no gaps or duplicates.
      const { last_version: next } = await trx
        .updateTable('models')
        .set((eb) => ({ last_version: eb('last_version', '+', 1) }))
        .where('name', '=', input.model)
        .returning('last_version')
        .executeTakeFirstOrThrow();
      const id = versionId(input.model, next);
      await trx
        .insertInto('versions')
        .values({
          id,
          model: input.model,
          number: next,
          created_at: createdAt,
          status: 'ready',
          pruned_at: null,
          card: JSON.stringify(input.card),
          params: JSON.stringify(input.params),
          metrics: JSON.stringify(input.metrics),
          lineage: JSON.stringify(input.lineage),
          test_files: JSON.stringify(input.testFiles),
        })
        .execute();
      await trx
        .insertInto('artifacts')
        .values(artifacts.map((artifact) => ({ version_id: id, ...artifact })))
        .execute();
      return { id, number: next };
    });
    return { id, model: input.model, number, artifacts, uploadedBytes, reusedBytes };
  }

  /** Versions, oldest first, of one model or all; pruned ones only when asked. */
  async listVersions(
    options: { model?: string; includePruned?: boolean } = {},
  ): Promise<VersionSummary[]> {
    let query = this.connection.db
      .selectFrom('versions')
      .select(['id', 'model', 'number', 'created_at', 'status', 'metrics']);
    if (options.model) query = query.where('model', '=', options.model);
    if (!options.includePruned) query = query.where('status', '=', 'ready');
    const rows = await query.orderBy('model').orderBy('number').execute();
    const aliases = await this.aliasesByVersion(options.model);
    return rows.map((row) => summarize(row, aliases));
  }

  /** The models and how many versions each has. */
  async listModels(): Promise<Array<{ name: string; project: string; versions: number }>> {
    const rows = await this.connection.db
      .selectFrom('models')
      .select(['name', 'project', 'last_version'])
      .orderBy('name')
      .execute();
    return rows.map((row) => ({
      name: row.name,
      project: row.project,
      versions: row.last_version,
    }));
  }

  /** A version in full, by id or alias; throws {@link UnknownVersionError} with what exists. */
  async getVersion(ref: string): Promise<VersionRecord> {
    const id = await this.resolve(ref);
    const row = await this.connection.db
      .selectFrom('versions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const artifacts = await this.connection.db
      .selectFrom('artifacts')
      .select(['path', 'size', 'sha256', 'uri'])
      .where('version_id', '=', id)
      .orderBy('path')
      .execute();
    const aliases = await this.aliasesByVersion(row.model);
    const evaluations = await this.connection.db
      .selectFrom('evaluations')
      .selectAll()
      .where('version_id', '=', id)
      .orderBy('id')
      .execute();
    return {
      ...summarize(row, aliases),
      evaluations: evaluations.map(toEvaluation),
      card: JSON.parse(row.card),
      params: JSON.parse(row.params),
      lineage: JSON.parse(row.lineage),
      testFiles: JSON.parse(row.test_files),
      artifacts: artifacts.map((artifact) => ({ ...artifact, size: Number(artifact.size) })),
    };
  }

  /** Stores a score of a version on labelled data (see `mesh evaluate`). */
  async addEvaluation(input: AddEvaluationInput): Promise<EvaluationRecord> {
    const versionId = await this.resolve(input.version);
    const row = {
      version_id: versionId,
      data_uri: input.dataUri,
      data_digest: input.dataDigest,
      records: input.records,
      metrics: JSON.stringify(input.metrics),
      created_at: this.now().toISOString(),
      actor: input.actor,
      context: input.context ? JSON.stringify(input.context) : null,
    };
    const { id } = await this.connection.db
      .insertInto('evaluations')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return toEvaluation({ ...row, id: Number(id) });
  }

  /**
   * Evaluations of a model's versions (or of every model) on one data set, given by its digest
   * (`sha256:<hex>`, or the hex alone) or by the URI it was read from; oldest first.
   */
  async evaluationsOn(data: string, options: { model?: string } = {}): Promise<EvaluationRecord[]> {
    const digest = /^(sha256:)?[0-9a-f]{64}$/i.test(data)
      ? `sha256:${data.replace(/^sha256:/i, '').toLowerCase()}`
      : undefined;
    let query = this.connection.db
      .selectFrom('evaluations')
      .innerJoin('versions', 'versions.id', 'evaluations.version_id')
      .selectAll('evaluations')
      .where(digest ? 'evaluations.data_digest' : 'evaluations.data_uri', '=', digest ?? data);
    if (options.model) query = query.where('versions.model', '=', options.model);
    const rows = await query.orderBy('evaluations.id').execute();
    return rows.map(toEvaluation);
  }

  /** Params and metrics of two versions side by side. */
  async diff(refA: string, refB: string): Promise<VersionDiff> {
    const [a, b] = await Promise.all([this.getVersion(refA), this.getVersion(refB)]);
    const names = (x: object, y: object) =>
      [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
    return {
      a: a.id,
      b: b.id,
      params: names(a.params, b.params).map((name) => ({
        name,
        a: a.params[name],
        b: b.params[name],
        changed: JSON.stringify(a.params[name]) !== JSON.stringify(b.params[name]),
      })),
      metrics: names(a.metrics, b.metrics).map((name) => {
        const x = a.metrics[name] ?? null;
        const y = b.metrics[name] ?? null;
        return { name, a: x, b: y, delta: x === null || y === null ? null : y - x };
      }),
    };
  }

  /** Points `alias` of the version's model at it, recording who moved it from where. */
  async promote(ref: string, alias: string, actor: string): Promise<AliasEvent> {
    if (!ALIAS.test(alias)) {
      throw new RegistryError(
        `alias "${alias}" is not valid: use lowercase letters, digits, - and _ (e.g. production)`,
      );
    }
    const version = await this.getVersion(ref);
    if (version.status !== 'ready')
      throw new RegistryError(
        `${version.id} was pruned by gc: its artifacts are gone, so it cannot be promoted`,
      );
    const at = this.now().toISOString();
    return writeTransaction(this.connection, async (trx) => {
      const current = await trx
        .selectFrom('aliases')
        .select('version_id')
        .where('model', '=', version.model)
        .where('alias', '=', alias)
        .executeTakeFirst();
      await trx
        .insertInto('aliases')
        .values({
          model: version.model,
          alias,
          version_id: version.id,
          updated_at: at,
          updated_by: actor,
        })
        .onConflict((conflict) =>
          conflict
            .columns(['model', 'alias'])
            .doUpdateSet({ version_id: version.id, updated_at: at, updated_by: actor }),
        )
        .execute();
      const event = {
        model: version.model,
        alias,
        from_version: current?.version_id ?? null,
        to_version: version.id,
        actor,
        at,
      };
      await trx.insertInto('alias_events').values(event).execute();
      return {
        model: event.model,
        alias,
        from: event.from_version,
        to: event.to_version,
        actor,
        at,
      };
    });
  }

  /** Every move of the model's aliases, oldest first. */
  async aliasHistory(model: string): Promise<AliasEvent[]> {
    const rows = await this.connection.db
      .selectFrom('alias_events')
      .selectAll()
      .where('model', '=', model)
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      model: row.model,
      alias: row.alias,
      from: row.from_version,
      to: row.to_version,
      actor: row.actor,
      at: row.at,
    }));
  }

  /**
   * Downloads every artifact of a version into `directory`, each verified against its digest.
   * The files are staged in a hidden folder beside `directory` and moved in only when all are
   * verified, so a failed or cancelled download leaves `directory` as it was; a new `directory`
   * appears in one rename, complete. What a killed download left there is removed by the next
   * download to the same `directory` (see {@link DownloadStaging}).
   */
  async download(
    ref: string,
    directory: string,
    onFile?: (path: string, index: number, total: number) => void,
  ): Promise<{ id: string; files: number; bytes: number }> {
    const version = await this.getVersion(ref);
    if (version.status !== 'ready')
      throw new RegistryError(`${version.id} was pruned by gc: its artifacts are gone`);
    const target = resolvePath(directory);
    if (existsSync(target) && !statSync(target).isDirectory()) {
      throw new RegistryError(
        `Cannot download ${version.id} to ${target}: it is a file, not a folder. Name a folder (it is created if needed).`,
      );
    }
    const staging = await DownloadStaging.create(target);
    try {
      let bytes = 0;
      for (const [index, artifact] of version.artifacts.entries()) {
        onFile?.(artifact.path, index, version.artifacts.length);
        await this.artifacts.download(
          artifact.sha256,
          join(staging.path, ...artifact.path.split('/')),
          { expectedSize: artifact.size },
        );
        bytes += artifact.size;
      }
      await staging.commit(version.artifacts.map((artifact) => artifact.path));
      return { id: version.id, files: version.artifacts.length, bytes };
    } finally {
      await staging.discard();
    }
  }

  /**
   * Removes what no version needs: with `keep`, versions beyond the newest N of each model are
   * pruned (never an aliased one; the record stays, marked pruned); then every stored blob no
   * remaining version references, and older than `minAgeMs`, is deleted; and the store's
   * temporary files of killed uploads and downloads (at once when their process is gone).
   */
  async gc(options: GcOptions = {}): Promise<GcReport> {
    const { db } = this.connection;
    const minAgeMs = options.minAgeMs ?? 60 * 60 * 1000;
    const dryRun = options.dryRun ?? false;
    const prunedVersions: string[] = [];
    if (options.keep !== undefined) {
      if (!Number.isInteger(options.keep) || options.keep < 0)
        throw new RegistryError(`--keep must be a whole number of versions (got ${options.keep})`);
      const aliased = new Set(
        (await db.selectFrom('aliases').select('version_id').execute()).map(
          (row) => row.version_id,
        ),
      );
      const versions = await db
        .selectFrom('versions')
        .select(['id', 'model', 'number'])
        .where('status', '=', 'ready')
        .orderBy('model')
        .orderBy('number', 'desc')
        .execute();
      const seen = new Map<string, number>();
      for (const version of versions) {
        const rank = (seen.get(version.model) ?? 0) + 1;
        seen.set(version.model, rank);
        if (rank > options.keep && !aliased.has(version.id)) prunedVersions.push(version.id);
      }
      if (!dryRun && prunedVersions.length > 0) {
        await db
          .updateTable('versions')
          .set({ status: 'pruned', pruned_at: this.now().toISOString() })
          .where('id', 'in', prunedVersions)
          .execute();
      }
    }

    const referenced = new Set(
      (
        await db
          .selectFrom('artifacts')
          .innerJoin('versions', 'versions.id', 'artifacts.version_id')
          .select('artifacts.sha256')
          .where('versions.status', '=', 'ready')
          .where('versions.id', 'not in', prunedVersions.length > 0 ? prunedVersions : [''])
          .execute()
      ).map((row) => row.sha256),
    );
    const cutoff = this.now().getTime() - minAgeMs;
    let deletedBlobs = 0;
    let freedBytes = 0;
    for await (const blob of this.artifacts.listBlobs()) {
      if (referenced.has(blob.sha256)) continue;
      if (blob.lastModified && blob.lastModified.getTime() > cutoff) continue;
      if (!dryRun) await this.artifacts.deleteBlob(blob.sha256);
      deletedBlobs++;
      freedBytes += blob.size;
    }
    // Temporary files whose writer is gone go whatever their age; unlocked ones after minAgeMs.
    const temporaryFiles = await this.artifacts.sweepTemporaries({
      minAgeMs,
      now: this.now(),
      dryRun,
    });
    return { prunedVersions, deletedBlobs, freedBytes, temporaryFiles, dryRun };
  }

  /**
   * Checks that every blob a ready version needs is stored intact (re-hashing it), and with
   * `repair` re-uploads damaged or missing ones from local copies. See {@link checkArtifacts}.
   */
  async fsck(options: FsckOptions = {}): Promise<FsckReport> {
    return checkArtifacts(this.connection, this.artifacts, options);
  }

  /** The version id a reference points to, or an error saying what exists. */
  async resolve(ref: string): Promise<string> {
    const parsed = parseVersionRef(ref);
    const { db } = this.connection;
    const model = await db
      .selectFrom('models')
      .select(['name', 'last_version'])
      .where('name', '=', parsed.model)
      .executeTakeFirst();
    if (!model) {
      const known = (await db.selectFrom('models').select('name').orderBy('name').execute()).map(
        (row) => row.name,
      );
      throw new UnknownVersionError(
        `No model ${parsed.model} in the registry. Known models: ${known.join(', ') || 'none yet'}.`,
      );
    }
    if (parsed.kind === 'alias') {
      const row = await db
        .selectFrom('aliases')
        .select('version_id')
        .where('model', '=', parsed.model)
        .where('alias', '=', parsed.alias)
        .executeTakeFirst();
      if (row) return row.version_id;
      const known = (
        await db.selectFrom('aliases').select('alias').where('model', '=', parsed.model).execute()
      ).map((r) => r.alias);
      throw new UnknownVersionError(
        `${parsed.model} has no alias "${parsed.alias}". Its aliases: ${known.join(', ') || 'none yet'} (set one with mesh models promote <version> --alias ${parsed.alias}).`,
      );
    }
    const row = await db
      .selectFrom('versions')
      .select('id')
      .where('id', '=', parsed.id)
      .executeTakeFirst();
    if (row) return row.id;
    throw new UnknownVersionError(
      `Unknown version ${parsed.id}: ${parsed.model} has ${model.last_version === 0 ? 'no versions yet' : `versions 1 to ${model.last_version}`} (see mesh models list).`,
    );
  }

  private async aliasesByVersion(model?: string): Promise<Map<string, string[]>> {
    let query = this.connection.db.selectFrom('aliases').select(['version_id', 'alias']);
    if (model) query = query.where('model', '=', model);
    const byVersion = new Map<string, string[]>();
    for (const row of await query.orderBy('alias').execute()) {
      byVersion.set(row.version_id, [...(byVersion.get(row.version_id) ?? []), row.alias]);
    }
    return byVersion;
  }
}

function toEvaluation(row: Selectable<EvaluationsTable>): EvaluationRecord {
  return {
    id: Number(row.id),
    versionId: row.version_id,
    dataUri: row.data_uri,
    dataDigest: row.data_digest,
    records: Number(row.records),
    metrics: JSON.parse(row.metrics) as Record<string, number>,
    createdAt: row.created_at,
    actor: row.actor,
    context: row.context ? (JSON.parse(row.context) as Record<string, string>) : null,
  };
}

/** A version row as listed, with the aliases pointing at it. */
function summarize(
  row: Pick<VersionsTable, 'id' | 'model' | 'number' | 'created_at' | 'status' | 'metrics'>,
  aliases: Map<string, string[]>,
): VersionSummary {
  return {
    id: row.id,
    model: row.model,
    number: row.number,
    createdAt: row.created_at,
    status: row.status,
    aliases: aliases.get(row.id) ?? [],
    metrics: JSON.parse(row.metrics) as Record<string, number>,
  };
}

/** Every file under `directory`, as `/`-separated relative paths, sorted. */
function listFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}
