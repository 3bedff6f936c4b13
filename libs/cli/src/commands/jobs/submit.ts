import { connectDocker } from '@mesh/docker';
import {
  BACKENDS,
  componentJobSpec,
  followLogs,
  type BackendName,
  type JobRecord,
  type JobSpec,
} from '@mesh/jobs';
import type { Output } from '@mesh/output';
import { readGitInfo } from '@mesh/pipeline';
import { redactDeep } from '@mesh/jobs';
import { UsageError } from '../../errors';
import { checkSets } from './check-sets';
import { runNxTarget } from '../../nx';
import { resolveComponent, workspaceRoot } from '../../workspace';
import { describeJob, formatEntry, withJobs } from './with-jobs';

/** Options of `mesh jobs submit`. */
export interface SubmitOptions {
  cwd: string;
  output: Output;
  project: string;
  /** Default: `train`. */
  component: string;
  /** Where it runs. Default: `DEFAULT_TRAINING_BACKEND` (kubernetes). */
  backend?: string;
  /** Component settings for this run, as `KEY=VALUE`. */
  set?: string[];
  /** Print what would run (the manifest, the spec) without running or applying. Default: false. */
  dryRun?: boolean;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** Parses `--set KEY=VALUE` options, naming the bad one. */
export function parseSets(sets: string[] = []): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const item of sets) {
    const at = item.indexOf('=');
    if (at <= 0) throw new UsageError(`--set "${item}" is not KEY=VALUE.`);
    settings[item.slice(0, at)] = item.slice(at + 1);
  }
  return settings;
}

/**
 * `mesh jobs submit`: runs a component as a job on a backend and follows it, printing its log.
 * The local backend builds the component through nx first, the docker backend its image; a
 * Kubernetes or Vertex dry run prints the manifest or spec on stdout. Exit code 0 when the job
 * succeeded (or was submitted), 1 otherwise.
 */
export async function submit(options: SubmitOptions): Promise<number> {
  const env = options.env ?? process.env;
  const backend = (options.backend ?? env.DEFAULT_TRAINING_BACKEND ?? 'kubernetes') as BackendName;
  if (!BACKENDS.includes(backend))
    throw new UsageError(`Unknown backend "${backend}": use ${BACKENDS.join(', ')}.`);
  const root = workspaceRoot(options.cwd);
  const component = resolveComponent(root, options.project, options.component);
  const settings = parseSets(options.set);
  checkSets(component, settings);
  const overrides: Record<string, string> = options.dryRun
    ? { K8S_APPLY: '0', VERTEX_SUBMIT: '0' }
    : {};
  return withJobs({ cwd: options.cwd, env, overrides }, async (jobs, home) => {
    const git = await readGitInfo(root, env);
    let image: string | undefined;
    if (!options.dryRun && backend === 'local') {
      const built = await runNxTarget(root, component.name, 'build', { baseEnv: env });
      if (built !== 0) return built;
    }
    if (!options.dryRun && backend === 'docker') {
      const { buildComponentImage } = await import('../docker/component-image.js');
      const built = await buildComponentImage({
        docker: await connectDocker(env),
        root,
        component,
        output: options.output,
        env,
        stage: 'production',
      });
      image = built.tags[0];
    }
    const spec: JobSpec = componentJobSpec({
      root,
      component,
      backend,
      settings,
      jobs: jobs.settings,
      meshHome: home,
      env,
      gitSha: git.sha ?? undefined,
      image,
    });
    if (options.dryRun && (backend === 'local' || backend === 'docker')) {
      const plan = redactDeep({
        name: spec.name,
        backend,
        command: spec.command,
        image: spec.image,
        args: spec.args,
        env: spec.env,
        secrets: Object.keys(spec.secrets),
        resources: spec.resources,
      });
      options.output.json(plan);
      return 0;
    }
    const dryRun = backend === 'kubernetes' || backend === 'vertex';
    const manifestOnly =
      dryRun &&
      (backend === 'kubernetes'
        ? jobs.settings.K8S_APPLY !== '1'
        : jobs.settings.VERTEX_SUBMIT !== '1');
    await jobs.runner.submit(spec);
    options.output.info(`Submitted job ${spec.id} (${spec.name}) to ${backend}`);
    // Ctrl-C cancels the job (a local one runs in its own process group, out of the terminal's reach).
    const stop = () => void jobs.runner.cancel(spec.id).catch(() => undefined);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const record = (await followLogs(
        jobs.store,
        spec.id,
        (entry) => {
          // A dry run's manifest is the command's result: on stdout, as YAML (with --json, the
          // job record is the result and stdout holds nothing but that JSON).
          if (manifestOnly && entry.stream === 'system' && !options.json)
            options.output.result(entry.line);
          else options.output.info(formatEntry(entry));
        },
        { pollMs: 100 },
      )) as JobRecord;
      const final = await jobs.runner.wait(spec.id).catch(() => record);
      if (options.json) options.output.json(final);
      const ok = final.status === 'succeeded' || final.status === 'submitted';
      if (ok) options.output.success(describeJob(final));
      else options.output.error(describeJob(final));
      return ok ? 0 : 1;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  });
}
