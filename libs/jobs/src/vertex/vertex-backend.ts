import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobBackend, JobContext, JobOutcome } from '../backend';
import type { JobsSettings } from '../jobs-settings';
import { lineWriter } from '../line-writer';
import { manifestYaml } from '../manifest-yaml';
import { planVertexCustomJob } from './custom-job';

/** Options of {@link VertexBackend}. */
export interface VertexBackendOptions {
  settings: JobsSettings;
  /** Environment of gcloud. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Plans a Vertex AI CustomJob; with `VERTEX_SUBMIT=1` submits it through
 * `gcloud ai custom-jobs create` (the spec in a temporary config file, removed after), recording
 * the CustomJob's resource name as the external id. The spec holds no secret values.
 */
export class VertexBackend implements JobBackend {
  readonly name = 'vertex' as const;

  constructor(private readonly options: VertexBackendOptions) {}

  completesAtOnce(): boolean {
    return this.options.settings.VERTEX_SUBMIT !== '1';
  }

  async run(context: JobContext): Promise<JobOutcome> {
    const { settings } = this.options;
    const spec = planVertexCustomJob(context.spec, settings);
    context.manifest?.(spec);
    for (const line of manifestYaml(spec).trimEnd().split('\n')) context.log('system', line);
    const left = Object.keys(context.spec.secrets);
    if (left.length > 0)
      context.log(
        'system',
        `# ${left.join(', ')} left out of the spec: grant the job's service account access to them in Secret Manager.`,
      );
    if (settings.VERTEX_SUBMIT !== '1') {
      context.log('system', '# Dry run: VERTEX_SUBMIT=1 submits it with gcloud.');
      return { status: 'submitted', dryRun: true };
    }
    const project = settings.VERTEX_PROJECT || settings.PROJECT_ID;
    if (!project)
      return { status: 'failed', error: 'VERTEX_SUBMIT=1 needs VERTEX_PROJECT (or PROJECT_ID).' };
    const dir = mkdtempSync(join(tmpdir(), 'mesh-vertex-'));
    const config = join(dir, 'custom-job.yaml');
    writeFileSync(config, manifestYaml(spec.jobSpec));
    const args = [
      'ai',
      'custom-jobs',
      'create',
      `--project=${project}`,
      `--region=${settings.VERTEX_REGION}`,
      `--display-name=${spec.displayName}`,
      `--labels=${Object.entries(spec.labels)
        .map(([key, value]) => `${key}=${value}`)
        .join(',')}`,
      `--config=${config}`,
      '--format=value(name)',
    ];
    context.log('system', `${settings.GCLOUD_BIN} ${args.join(' ')}`);
    try {
      let name = '';
      const code = await new Promise<number>((resolve, reject) => {
        const child = spawn(settings.GCLOUD_BIN, args, {
          env: this.options.env ?? process.env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout.pipe(
          lineWriter((line) => {
            if (/customJobs\//.test(line)) name = line.trim();
            context.log('stdout', line);
          }),
        );
        child.stderr.pipe(lineWriter((line) => context.log('stderr', line)));
        child.once('error', reject);
        child.once('close', (exit) => resolve(exit ?? 1));
      });
      if (code !== 0)
        return { status: 'failed', exitCode: code, error: `gcloud exited with code ${code}` };
      if (name) context.externalId(name);
      return { status: 'submitted' };
    } catch (error) {
      return {
        status: 'failed',
        error: `Cannot run ${settings.GCLOUD_BIN}: ${(error as Error).message}. Install the Google Cloud CLI or set GCLOUD_BIN.`,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
