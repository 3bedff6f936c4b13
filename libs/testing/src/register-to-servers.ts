import { readdirSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import type { ComponentDefinition } from '@mesh/pipeline';
import type { Registry, VersionRecord } from '@mesh/registry';
import type { SettingsSpec } from '@mesh/settings';
import { startPostgres } from './postgres-server';
import { startS3Server } from './s3-server';
import { tempTree } from './temp-tree';

/** s3rver's fixed credentials: the run reads them from its environment, as a real run would. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** What {@link RegisterToServersOptions.check} is given once the run has registered. */
export interface RegisteredVersion {
  /** The registered version's record, read back from PostgreSQL. */
  version: VersionRecord;
  /** The open registry (closed by the suite afterwards). */
  registry: Registry;
  /** A fresh folder holding the version's artifacts, downloaded from S3. */
  downloaded: string;
  /** The run's environment (MESH_HOME, MODEL_STORE_URI, REGISTRY_URL...). */
  env: Record<string, string>;
}

/** Options of {@link describeRegisterToServers}. */
export interface RegisterToServersOptions<S extends SettingsSpec> {
  /** The component as its main.ts runs it (project, component, root, settings, pipeline). */
  component: ComponentDefinition<S>;
  /** Files the downloaded version must hold, e.g. `['model.json']`. Default: none checked. */
  artifacts?: string[];
  /** Blobs the store must hold under `stage/blobs/sha256/` at least. Default: 1. */
  minBlobs?: number;
  /**
   * `mesh models verify` against the servers: a fresh download through the component's
   * `mesh.predict` module must reproduce the stored test predictions, and evaluating this data
   * (relative to the component folder) must give the registered metrics, but for
   * `trainingOnlyMetrics` (what only a training run computes, such as a baseline's score).
   * Default: not run.
   */
  verifyWith?: { evaluationData: string; trainingOnlyMetrics?: string[] };
  /** The component's own checks of the version (metrics, answers of its predictor). */
  check?: (registered: RegisteredVersion) => Promise<void>;
  /** How long the run may take, in ms. Default: 120 000. */
  timeoutMs?: number;
}

/** Retries `attempt` until it succeeds: compose services may still be starting. */
async function eventually<T>(what: string, attempt: () => Promise<T>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/**
 * A functional suite: the component trains and registers with `MODEL_STORE_URI=s3://...` and
 * `REGISTRY_URL=postgres://...` against real servers, and the version is read back from both.
 * In the component's container (`make projects.functional/<project>`) the servers are the
 * compose file's `s3` and `postgres` services, named by MESH_TEST_S3_ENDPOINT_URL and
 * MESH_TEST_REGISTRY_URL; on the host the suite starts its own.
 *
 * The servers' clients load lazily, so suites that import other helpers of this package do not
 * pay for the AWS SDK and the registry.
 */
export function describeRegisterToServers<S extends SettingsSpec>(
  options: RegisterToServersOptions<S>,
): void {
  const { component } = options;
  const { project } = component;
  const bucket = `${project}-functional-${process.pid}`;
  const model = component.model ?? `${project.toUpperCase()}-TRAINED`;
  const stops: Array<() => Promise<void>> = [];
  let endpoint: string;
  let registryUrl: string;

  const s3Client = async () => {
    const { S3Client } = await import('@aws-sdk/client-s3');
    return new S3Client({
      endpoint,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: CREDENTIALS,
    });
  };

  beforeAll(async () => {
    // The run's S3 client takes its credentials from the process environment, as in a real run.
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_REGION: 'us-east-1',
    });
    if (process.env.MESH_TEST_S3_ENDPOINT_URL && process.env.MESH_TEST_REGISTRY_URL) {
      endpoint = process.env.MESH_TEST_S3_ENDPOINT_URL;
      registryUrl = process.env.MESH_TEST_REGISTRY_URL;
    } else {
      const [postgres, s3] = await Promise.all([startPostgres(), startS3Server()]);
      stops.push(
        () => postgres.stop(),
        () => s3.stop(),
      );
      endpoint = s3.endpoint;
      registryUrl = await postgres.createDatabase();
    }
    const { CreateBucketCommand } = await import('@aws-sdk/client-s3');
    const client = await s3Client();
    await eventually(`S3 server at ${endpoint}`, () =>
      client.send(new CreateBucketCommand({ Bucket: bucket })),
    );
  }, 90_000);

  afterAll(async () => {
    await Promise.all(stops.map((stop) => stop()));
  });

  describe(`${project}/${component.component} with MODEL_STORE_URI=s3://... and REGISTRY_URL=postgres://...`, () => {
    it(
      'registers a version whose artifacts are in S3 and whose record is in PostgreSQL',
      async () => {
        const [
          { ListObjectsV2Command },
          { Output },
          { runComponent },
          registryModule,
          settingsModule,
        ] = await Promise.all([
          import('@aws-sdk/client-s3'),
          import('@mesh/output'),
          import('@mesh/pipeline'),
          import('@mesh/registry'),
          import('@mesh/settings'),
        ]);
        const env: Record<string, string> = {
          MESH_HOME: tempTree(),
          ENVIRONMENT: 'dev',
          CI: 'true',
          MODEL_STORE_URI: `s3://${bucket}/stage`,
          S3_ENDPOINT_URL: endpoint,
          AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
          AWS_REGION: 'us-east-1',
          REGISTRY_URL: registryUrl,
        };
        const stderr = new PassThrough();
        // The database may still be starting in compose: wait until the registry opens.
        const registrySettings = settingsModule.loadSettings(registryModule.registrySettingsSpec, {
          env,
          configDir: null,
        }).values;
        const registry = await eventually(
          `PostgreSQL at ${settingsModule.redactUrlCredentials(registryUrl)}`,
          () =>
            registryModule.openRegistry({ settings: registrySettings, meshHome: env.MESH_HOME }),
        );
        try {
          const before = (await registry.listVersions({ model })).length;
          const code = await runComponent(component, {
            env,
            output: new Output({ env, stderr, stdout: new PassThrough() }),
          });
          const text = String(stderr.read() ?? '');
          if (code !== 0) throw new Error(`the run exited ${code}:\n${text}`);
          expect(text).toContain(`Registered ${model}-${before + 1}`);
          expect(text).not.toContain(CREDENTIALS.secretAccessKey);

          const versions = await registry.listVersions({ model });
          expect(versions).toHaveLength(before + 1);
          const version = await registry.getVersion(versions.at(-1)!.id);

          const objects = await (
            await s3Client()
          ).send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'stage/blobs/sha256/' }));
          expect(objects.KeyCount).toBeGreaterThanOrEqual(options.minBlobs ?? 1);

          const downloaded = tempTree();
          const download = await registry.download(version.id, downloaded);
          expect(download.files).toBe(version.artifacts.length);
          expect(readdirSync(downloaded)).toEqual(expect.arrayContaining(options.artifacts ?? []));

          if (options.verifyWith) await verify(registry, version, env, options.verifyWith);
          await options.check?.({ version, registry, downloaded, env });
        } finally {
          await registry.close();
        }
      },
      options.timeoutMs ?? 120_000,
    );
  });

  /** What `mesh models verify` and `mesh evaluate` do, on a fresh download from S3. */
  async function verify(
    registry: Registry,
    version: VersionRecord,
    env: Record<string, string>,
    {
      evaluationData,
      trainingOnlyMetrics = [],
    }: NonNullable<RegisterToServersOptions<S>['verifyWith']>,
  ): Promise<void> {
    const { fetchVersion, loadPredictorModule, verifyPredictions } =
      await import('@mesh/inference');
    const fetched = await fetchVersion(registry, version.id, {
      meshHome: env.MESH_HOME,
      fresh: true,
    });
    try {
      const module = loadPredictorModule({
        root: component.root,
        project,
        component: component.component,
      });
      const predictor = await module.loadPredictor(fetched.dir);
      const report = await verifyPredictions(predictor, version.testFiles, version.id);
      expect(report.checked).toBe((version.testFiles.inputs as unknown[]).length);
      const evaluation = await module.evaluate(fetched.dir, evaluationData, {
        cwd: component.root,
      });
      const registered = Object.fromEntries(
        Object.entries(version.metrics).filter(([name]) => !trainingOnlyMetrics.includes(name)),
      );
      expect(evaluation.metrics).toEqual(registered);
    } finally {
      fetched.release();
    }
  }
}
