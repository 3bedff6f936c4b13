import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobBackend, JobContext, JobOutcome } from '../backend';
import type { JobsSettings } from '../jobs-settings';
import type { JobRecord } from '../job-types';
import { lineWriter } from '../line-writer';
import { manifestYaml } from '../manifest-yaml';
import { scrubDeep, SecretScrubber } from '../redact';
import { LABELS, planKubernetesJob } from './job-manifest';
import type { KubernetesApi, PodState } from './kubernetes-api';

/** Options of {@link KubernetesBackend}. */
export interface KubernetesBackendOptions {
  settings: JobsSettings;
  /** The cluster's API, built when a job is applied (e.g. from the kubeconfig). Not needed for dry runs. */
  api: () => KubernetesApi;
  /** Folder the manifest of every job is written to, as `<job name>.yaml`, in the background. Default: none. */
  manifestDir?: string;
  /**
   * Whether the manifest's YAML lines go into the job's log (what `mesh jobs submit --dry-run`
   * prints). The Training API turns it off: the manifest is stored once with the record and
   * served by `GET /jobs/:id/manifest`. Default: true.
   */
  manifestInLog?: boolean;
  /** Default: `setTimeout`-based sleep, abortable. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Runs a job as a Kubernetes `batch/v1` Job. A dry run by default: the manifest is validated,
 * logged and written, and the job ends `submitted`. With `K8S_APPLY=1` it creates the Job (and
 * the Secret of its secret variables, owned by the Job), then follows the Job's and its pods'
 * phases to the end, streaming the pods' logs. Cancelling deletes the Job and its pods.
 */
export class KubernetesBackend implements JobBackend {
  readonly name = 'kubernetes' as const;

  constructor(private readonly options: KubernetesBackendOptions) {}

  private get applies(): boolean {
    return this.options.settings.K8S_APPLY === '1';
  }

  completesAtOnce(): boolean {
    return !this.applies;
  }

  async run(context: JobContext): Promise<JobOutcome> {
    const { spec } = context;
    const { settings } = this.options;
    const plan = planKubernetesJob(spec, settings);
    // The spec holds no secret values by construction; scrubbing again guards against a bug.
    const scrubber = new SecretScrubber([
      ...Object.values(spec.secrets),
      ...(spec.secretValues ?? []),
    ]);
    const manifest = scrubDeep(plan.job, scrubber);
    const logManifest = this.options.manifestInLog ?? true;
    if (this.options.manifestDir || logManifest) {
      const yaml = manifestYaml(manifest);
      if (logManifest) for (const line of yaml.trimEnd().split('\n')) context.log('system', line);
      if (this.options.manifestDir) this.writeManifest(spec.name, yaml, context);
    } else {
      context.log('system', `# Job manifest ${spec.name}: GET /jobs/${spec.id}/manifest`);
    }
    context.manifest?.(manifest);
    if (plan.secret)
      context.log(
        'system',
        `# secret variables ${plan.secret.keys.join(', ')} are read from the Secret ${plan.secret.name}${this.applies ? '' : ` (create it before applying: kubectl create secret generic ${plan.secret.name} ${plan.secret.keys.map((key) => `--from-literal=${key}=...`).join(' ')})`}`,
      );
    context.externalId(`${settings.K8S_NAMESPACE}/${spec.name}`);
    if (!this.applies) {
      context.log(
        'system',
        '# Dry run: K8S_APPLY=1 (with K8S_KUBECONFIG / K8S_CONTEXT) applies it.',
      );
      return { status: 'submitted', dryRun: true };
    }

    const api = this.options.api();
    const namespace = settings.K8S_NAMESPACE;
    context.log('system', `Applying Job ${spec.name} to ${api.server} (namespace ${namespace})`);
    try {
      const { uid } = await api.createJob(namespace, plan.job);
      if (plan.secret) {
        await api.createSecret(namespace, {
          apiVersion: 'v1',
          kind: 'Secret',
          type: 'Opaque',
          metadata: {
            name: plan.secret.name,
            namespace,
            labels: plan.job.metadata.labels,
            // Deleted with the Job (ttlSecondsAfterFinished or cancel).
            ownerReferences: [
              { apiVersion: 'batch/v1', kind: 'Job', name: spec.name, uid, controller: false },
            ],
          },
          stringData: spec.secrets,
        });
      }
    } catch (error) {
      return { status: 'failed', error: (error as Error).message };
    }
    context.status('submitted');
    return this.watch(context, api);
  }

  /** Follows the Job until it completes or fails, streaming each pod's log once it runs. */
  private async watch(context: JobContext, api: KubernetesApi): Promise<JobOutcome> {
    const { spec, signal } = context;
    const namespace = this.options.settings.K8S_NAMESPACE;
    const wait = this.options.sleep ?? sleep;
    const streaming = new Map<string, Promise<void>>();
    const phases = new Map<string, string>();
    const logsStop = new AbortController();
    let running = false;
    let lastPods: PodState[] = [];
    try {
      for (;;) {
        if (signal.aborted) {
          await api
            .deleteJob(namespace, spec.name)
            .catch((error: Error) =>
              context.log('system', `Could not delete the Job: ${error.message}`),
            );
          context.log('system', `Deleted Job ${spec.name} (${String(signal.reason)})`);
          return signal.reason === 'timeout'
            ? { status: 'failed', error: 'timed out' }
            : { status: 'cancelled' };
        }
        const job = await api.readJob(namespace, spec.name);
        lastPods = await api.listPods(namespace, `${LABELS.jobId}=${spec.id}`);
        for (const pod of lastPods) {
          const shown = `${pod.phase}${pod.reason ? ` (${pod.reason})` : ''}`;
          if (phases.get(pod.name) !== shown) {
            context.log('system', `Pod ${pod.name}: ${shown}`);
            phases.set(pod.name, shown);
          }
          if (pod.phase !== 'Pending' && pod.phase !== 'Unknown' && !streaming.has(pod.name)) {
            const into = lineWriter((line) => context.log('stdout', line));
            streaming.set(
              pod.name,
              api
                .followLog(namespace, pod.name, 'train', into, logsStop.signal)
                .catch((error: Error) =>
                  context.log('system', `Cannot read the log of ${pod.name}: ${error.message}`),
                )
                .finally(() => into.end()),
            );
          }
        }
        if (!running && (job.active > 0 || lastPods.some((pod) => pod.phase === 'Running'))) {
          running = true;
          context.status('running');
        }
        if (job.finished) {
          // Let the log streams drain, briefly.
          await Promise.race([
            Promise.all(streaming.values()),
            new Promise((resolve) => setTimeout(resolve, 5000).unref()),
          ]);
          const exitCode = lastPods.find((pod) => pod.exitCode !== undefined)?.exitCode;
          return job.finished.type === 'Complete'
            ? { status: 'succeeded', exitCode: exitCode ?? 0 }
            : {
                status: 'failed',
                exitCode,
                error: `Job failed: ${job.finished.message ?? 'see its pods'}`,
              };
        }
        await wait(this.options.settings.K8S_POLL_MS, signal);
      }
    } catch (error) {
      return { status: 'failed', error: (error as Error).message };
    } finally {
      logsStop.abort();
    }
  }

  /** Writes a manifest file in the background; a failure is logged, never fails the job. */
  private writeManifest(name: string, yaml: string, context: JobContext): void {
    const dir = this.options.manifestDir!;
    void mkdir(dir, { recursive: true })
      .then(() => writeFile(join(dir, `${name}.yaml`), yaml))
      .catch((error: Error) =>
        context.log('system', `Could not write the manifest file: ${error.message}`),
      );
  }

  async follow(context: JobContext): Promise<JobOutcome> {
    if (!this.applies) return { status: 'submitted', dryRun: true };
    context.log('system', `Following Job ${context.spec.name} again after a restart`);
    try {
      return await this.watch(context, this.options.api());
    } catch (error) {
      return { status: 'failed', error: (error as Error).message };
    }
  }

  async stopExternal(record: JobRecord): Promise<boolean> {
    if (record.dryRun || !record.externalId || !this.applies) return false;
    const [namespace, name] = record.externalId.split('/');
    try {
      await this.options.api().deleteJob(namespace, name);
      return true;
    } catch {
      return false;
    }
  }
}
