import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ArtifactStore, ChecksumMismatchError, LocalModelStore } from '@mesh/model-store';
import {
  collectLineage,
  connect,
  parseRegistryUrl,
  Registry,
  RegistryError,
  UnknownVersionError,
  type RegisterVersionInput,
} from '@mesh/registry';
import { databaseEngines, tempTree } from '@mesh/testing';

const engines = databaseEngines();

const lineage = () => {
  const at = new Date('2026-01-01T00:00:00Z');
  return collectLineage({
    git: { sha: 'abc123', branch: 'main', dirty: false },
    datasets: [{ name: 'training', uri: 'data/x.jsonl', digest: 'sha256:00' }],
    settings: { TOP_N: 10 },
    startedAt: at,
    finishedAt: at,
    env: {},
  });
};

describe.each(engines)('registry on %s', (_engine, databaseUrl) => {
  let registry: Registry;
  let storeRoot: string;
  let clock: number;

  beforeEach(async () => {
    storeRoot = tempTree();
    clock = Date.now();
    const connection = connect(parseRegistryUrl(await databaseUrl(), tempTree()));
    registry = new Registry({
      connection,
      artifacts: new ArtifactStore(new LocalModelStore({ root: storeRoot })),
      now: () => new Date((clock += 1000)),
    });
    await registry.migrate();
  });
  afterEach(() => registry.close());

  const version = (
    files: Record<string, string | Buffer>,
    metrics: Record<string, number>,
    params: Record<string, unknown> = { topN: 10 },
  ): RegisterVersionInput => ({
    model: 'KEYWORDS-TRAINED',
    project: 'keywords',
    artifactsDir: tempTree(files),
    card: { model_type: 'keyword-extraction' },
    testFiles: {
      inputs: [{ id: 'a', text: 'hello' }],
      inference_params: { top_n: 10 },
      predictions: [],
    },
    metrics,
    params,
    lineage: lineage(),
  });

  it('numbers versions 1, 2, ... and lists them with their metrics', async () => {
    const first = await registry.registerVersion(
      version({ 'model.json': '{"a":1}', 'test-files/inputs.json': '[]' }, { f1: 0.5 }),
    );
    const second = await registry.registerVersion(
      version({ 'model.json': '{"a":2}', 'test-files/inputs.json': '[]' }, { f1: 0.6 }),
    );
    expect([first.id, second.id]).toEqual(['KEYWORDS-TRAINED-1', 'KEYWORDS-TRAINED-2']);
    const listed = await registry.listVersions({ model: 'KEYWORDS-TRAINED' });
    expect(listed.map((entry) => [entry.id, entry.metrics.f1])).toEqual([
      ['KEYWORDS-TRAINED-1', 0.5],
      ['KEYWORDS-TRAINED-2', 0.6],
    ]);
  });

  it('stores card, test files, params, lineage and artifacts with their digests', async () => {
    const result = await registry.registerVersion(
      version({ 'model.json': '{"a":1}', 'test-files/predictions.json': '[1]' }, { f1: 0.5 }),
    );
    const record = await registry.getVersion(result.id);
    expect(record.card).toEqual({ model_type: 'keyword-extraction' });
    expect(record.testFiles).toMatchObject({ inference_params: { top_n: 10 } });
    expect(record.lineage).toMatchObject({
      git: { sha: 'abc123', dirty: false },
      datasets: [{ name: 'training' }],
      settings: { TOP_N: 10 },
    });
    expect(record.artifacts.map((artifact) => [artifact.path, artifact.size])).toEqual([
      ['model.json', 7],
      ['test-files/predictions.json', 3],
    ]);
    expect(record.artifacts[0].uri).toMatch(
      /^file:\/\/.*\/blobs\/sha256\/[0-9a-f]{2}\/[0-9a-f]{64}$/,
    );
  });

  it('does not upload an artifact the store already has', async () => {
    const files = { 'model.json': randomBytes(4096), 'notes.txt': 'same' };
    const first = await registry.registerVersion(version(files, { f1: 0.5 }));
    const second = await registry.registerVersion(version(files, { f1: 0.5 }));
    expect(first.uploadedBytes).toBe(4100);
    expect(second.uploadedBytes).toBe(0);
    expect(second.reusedBytes).toBe(4100);
  });

  it('diffs params and metrics', async () => {
    await registry.registerVersion(
      version({ m: '1' }, { f1: 0.5, recall: 0.4 }, { topN: 10, range: [1, 3] }),
    );
    await registry.registerVersion(version({ m: '2' }, { f1: 0.75 }, { topN: 5, range: [1, 3] }));
    const diff = await registry.diff('KEYWORDS-TRAINED-1', 'keywords-trained-2');
    expect(diff.metrics).toEqual([
      { name: 'f1', a: 0.5, b: 0.75, delta: 0.25 },
      { name: 'recall', a: 0.4, b: null, delta: null },
    ]);
    expect(diff.params).toEqual([
      { name: 'range', a: [1, 3], b: [1, 3], changed: false },
      { name: 'topN', a: 10, b: 5, changed: true },
    ]);
  });

  it('moves aliases and keeps their history', async () => {
    await registry.registerVersion(version({ m: '1' }, { f1: 0.5 }));
    await registry.registerVersion(version({ m: '2' }, { f1: 0.6 }));
    await registry.promote('KEYWORDS-TRAINED-1', 'production', 'ana');
    const moved = await registry.promote('KEYWORDS-TRAINED-2', 'production', 'ben');
    expect(moved).toMatchObject({
      from: 'KEYWORDS-TRAINED-1',
      to: 'KEYWORDS-TRAINED-2',
      actor: 'ben',
    });
    expect(await registry.resolve('keywords@production')).toBe('KEYWORDS-TRAINED-2');
    expect(
      (await registry.aliasHistory('KEYWORDS-TRAINED')).map((event) => [
        event.from,
        event.to,
        event.actor,
      ]),
    ).toEqual([
      [null, 'KEYWORDS-TRAINED-1', 'ana'],
      ['KEYWORDS-TRAINED-1', 'KEYWORDS-TRAINED-2', 'ben'],
    ]);
    expect((await registry.listVersions()).map((entry) => entry.aliases)).toEqual([
      [],
      ['production'],
    ]);
    await expect(registry.promote('KEYWORDS-TRAINED-2', 'Prod!', 'x')).rejects.toThrow(
      'alias "Prod!" is not valid',
    );
  });

  it('names what exists when a version, alias or model is unknown', async () => {
    await registry.registerVersion(version({ m: '1' }, { f1: 0.5 }));
    await expect(registry.getVersion('KEYWORDS-TRAINED-9')).rejects.toThrow(
      new UnknownVersionError(
        'Unknown version KEYWORDS-TRAINED-9: KEYWORDS-TRAINED has versions 1 to 1 (see mesh models list).',
      ),
    );
    await expect(registry.getVersion('KEYWORDS-TRAINED@staging')).rejects.toThrow(
      'KEYWORDS-TRAINED has no alias "staging". Its aliases: none yet',
    );
    await expect(registry.getVersion('NER-TRAINED-1')).rejects.toThrow(
      'No model NER-TRAINED in the registry. Known models: KEYWORDS-TRAINED.',
    );
    await expect(registry.getVersion('latest')).rejects.toThrow(RegistryError);
  });

  it('downloads a version verified, and refuses a corrupted artifact naming both digests', async () => {
    const result = await registry.registerVersion(
      version({ 'model.json': '{"weights":[1,2,3]}', 'sub/dir/file.txt': 'x' }, { f1: 0.5 }),
    );
    const target = tempTree();
    await registry.download(result.id, target);
    expect(readFileSync(join(target, 'model.json'), 'utf8')).toBe('{"weights":[1,2,3]}');
    expect(readFileSync(join(target, 'sub', 'dir', 'file.txt'), 'utf8')).toBe('x');

    const model = result.artifacts.find((artifact) => artifact.path === 'model.json')!;
    const blob = new URL(model.uri);
    writeFileSync(blob, '{"weights":[9,9,9]}');
    const again = tempTree();
    const failure = registry.download(result.id, again);
    await expect(failure).rejects.toThrow(ChecksumMismatchError);
    await expect(failure).rejects.toThrow(`expected sha256:${model.sha256}`);
    expect(existsSync(join(again, 'model.json'))).toBe(false);

    // A new folder appears only complete: a failed download leaves neither it nor its staging.
    const parent = tempTree();
    await expect(registry.download(result.id, join(parent, 'fresh'))).rejects.toThrow(
      ChecksumMismatchError,
    );
    expect(readdirSync(parent)).toEqual([]);
  });

  it('stores evaluations with the version and finds versions evaluated on the same data', async () => {
    const first = await registry.registerVersion(version({ 'model.json': '1' }, { f1: 0.5 }));
    const second = await registry.registerVersion(version({ 'model.json': '2' }, { f1: 0.6 }));
    const digest = `sha256:${'ab'.repeat(32)}`;
    const evaluation = (ref: string, f1: number, dataDigest = digest) => ({
      version: ref,
      dataUri: 'file:///data/test.jsonl',
      dataDigest,
      records: 20,
      metrics: { f1 },
      actor: 'ci',
      context: { run_id: '7' },
    });
    await registry.addEvaluation(evaluation(first.id, 0.41));
    await registry.addEvaluation(evaluation(second.id, 0.44));
    await registry.addEvaluation(evaluation(second.id, 0.3, `sha256:${'cd'.repeat(32)}`));
    const shown = await registry.getVersion(second.id);
    expect(shown.evaluations.map((e) => [e.dataDigest.slice(7, 9), e.metrics.f1])).toEqual([
      ['ab', 0.44],
      ['cd', 0.3],
    ]);
    expect(shown.evaluations[0]).toMatchObject({
      records: 20,
      actor: 'ci',
      context: { run_id: '7' },
    });
    const onDigest = await registry.evaluationsOn('AB'.repeat(32), { model: 'KEYWORDS-TRAINED' });
    expect(onDigest.map((e) => [e.versionId, e.metrics.f1])).toEqual([
      [first.id, 0.41],
      [second.id, 0.44],
    ]);
    expect(await registry.evaluationsOn('file:///data/test.jsonl')).toHaveLength(3);
    await expect(registry.addEvaluation(evaluation('KEYWORDS-TRAINED-9', 1))).rejects.toThrow(
      UnknownVersionError,
    );
  });

  it('gc prunes beyond --keep except aliased versions, and deletes only unreferenced blobs', async () => {
    for (let n = 1; n <= 4; n++)
      await registry.registerVersion(
        version({ 'model.json': `v${n}`, 'shared.txt': 'shared' }, { f1: n / 10 }),
      );
    await registry.promote('KEYWORDS-TRAINED-1', 'production', 'ana');
    const orphan = await new ArtifactStore(new LocalModelStore({ root: storeRoot })).putFile(
      join(tempTree({ o: 'orphan bytes' }), 'o'),
    );

    const young = await registry.gc({ minAgeMs: 60 * 60 * 1000 });
    expect(young.deletedBlobs).toBe(0);

    const report = await registry.gc({ keep: 2, minAgeMs: 0 });
    expect(report.prunedVersions).toEqual(['KEYWORDS-TRAINED-2']);
    expect(report.deletedBlobs).toBe(2); // v2's model.json and the orphan; shared.txt is still referenced
    expect(existsSync(new URL(orphan.uri))).toBe(false);
    expect((await registry.listVersions()).map((entry) => entry.id)).toEqual([
      'KEYWORDS-TRAINED-1',
      'KEYWORDS-TRAINED-3',
      'KEYWORDS-TRAINED-4',
    ]);
    await expect(registry.download('KEYWORDS-TRAINED-2', tempTree())).rejects.toThrow(
      'KEYWORDS-TRAINED-2 was pruned by gc',
    );
    await registry.download('KEYWORDS-TRAINED-1', tempTree());
    const next = await registry.registerVersion(version({ 'model.json': 'v5' }, { f1: 0.5 }));
    expect(next.id).toBe('KEYWORDS-TRAINED-5');
  });
});

describe('registry locations', () => {
  it('refuses an unsupported REGISTRY_URL, naming it without its password', () => {
    expect(() => parseRegistryUrl('mysql://root:hunter2@db/x', '/home')).toThrow(
      'REGISTRY_URL "mysql://root:[redacted]@db/x" is not supported',
    );
    expect(parseRegistryUrl('', '/home/.mesh')).toEqual({
      engine: 'sqlite',
      path: '/home/.mesh/registry.db',
      embedded: true,
    });
    expect(parseRegistryUrl('postgresql://u@h/db', '/x')).toEqual({
      engine: 'postgres',
      url: 'postgresql://u@h/db',
    });
    expect(pathToFileURL('/x').href).toBe('file:///x');
  });
});
