import { Command, CommanderError, Option } from 'commander';
import { Output } from '@mesh/output';
// The suite names only: ./workspace would load @mesh/pipeline (and the registry) for --help.
import { SUITES } from '@mesh/workspace';
import { handleErrors } from './handle-errors';

export { exitQuietlyWhenPipeCloses } from './closed-pipe';

/**
 * The mesh command line. Each command is a thin definition here that loads its implementation
 * only when run, so `mesh --help` stays fast. Returns the exit code instead of exiting.
 */
export async function main(
  argv: string[],
  cwd = process.cwd(),
  output = new Output(),
): Promise<number> {
  let exitCode = 0;
  const program = new Command('mesh')
    .description('Build, test, run and register the training components of ML projects.')
    .option('--verbose', 'show stack traces of unexpected errors')
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => output.result(text.replace(/\n$/, '')),
      writeErr: (text) => output.info(text.replace(/\n$/, '')),
    })
    .exitOverride();
  const verbose = () => Boolean(program.opts().verbose);
  const run = (command: () => Promise<number | void>) => async () => {
    exitCode = await handleErrors(output, verbose(), command);
  };
  const component = () =>
    new Option('--component <name>', 'the component of the project').default('train');

  program
    .command('start <project>')
    .description('train, evaluate and register a component (through nx, so its build runs first)')
    .addOption(component())
    .option('--without-docker', 'run in-process on this machine instead of in containers')
    .option('--environment <name>', 'which config/<name>.env to read (default: dev, or prod in CI)')
    .option(
      '--infra',
      'start the local infrastructure (S3, PostgreSQL, image registry) and register into it',
    )
    .action((project: string, options) =>
      run(async () =>
        (await import('./commands/start/start.js')).start({ cwd, output, project, ...options }),
      )(),
    );

  program
    .command('stop <project>')
    .description("stop and remove the project's running containers: trainings, debuggers, suites")
    .option('--component <name>', 'only this component')
    .action((project: string, options) =>
      run(async () =>
        (await import('./commands/stop/stop.js')).stop({ cwd, output, project, ...options }),
      )(),
    );

  program
    .command('debug <project>')
    .description(
      "run a component's debugger image, waiting for a debugger on 127.0.0.1:DEBUG_PORT (9229)",
    )
    .addOption(component())
    .action((project: string, options) =>
      run(async () => {
        const { resolveComponent, workspaceRoot } = await import('./workspace.js');
        const root = workspaceRoot(cwd);
        return (await import('./commands/start/start-in-container.js')).startInContainer({
          root,
          component: resolveComponent(root, project, options.component),
          output,
          env: process.env,
          debug: true,
        });
      })(),
    );

  program
    .command('task <project> [task]')
    .description(
      'run an auxiliary task of a component (a script of its package.json), in its image',
    )
    .addOption(component())
    .option('--without-docker', 'run on this machine instead of in the container')
    .action((project: string, task: string | undefined, options) =>
      run(async () =>
        (await import('./commands/task/task.js')).task({
          cwd,
          output,
          project,
          task: task ?? '',
          ...options,
        }),
      )(),
    );

  program
    .command('predict <project>')
    .description(
      "predict with a registered version: JSONL inputs in, JSONL outputs out, through the component's predictor",
    )
    .addOption(component())
    .option('--version <id>', 'the version, e.g. KEYWORDS-TRAINED-3 (default: the newest)')
    .option('--alias <name>', "the version an alias of the project's model points at")
    .option('--input <file>', 'JSONL inputs, or - for stdin', '-')
    .option(
      '--output <file>',
      'JSONL outputs, or - for stdout (a file appears only when complete)',
      '-',
    )
    .option('--batch-size <n>', 'inputs per predictor call', '64')
    .action((project: string, options) =>
      run(async () =>
        (await import('./commands/predict/predict.js')).predict({
          cwd,
          output,
          project,
          component: options.component,
          version: options.version,
          alias: options.alias,
          input: options.input,
          outputFile: options.output,
          batchSize: options.batchSize,
        }),
      )(),
    );

  program
    .command('evaluate <project>')
    .description(
      "score a registered version on labelled data with the component's own metrics, and store the result with the version",
    )
    .addOption(component())
    .option(
      '--version <id>',
      'the version, e.g. KEYWORDS-TRAINED-3 or keywords@production (default: the newest)',
    )
    .requiredOption('--data <uri>', 'labelled data: a path, file:// or http(s):// URL')
    .option('--json', 'print JSON')
    .action((project: string, options) =>
      run(async () =>
        (await import('./commands/evaluate/evaluate.js')).evaluate({
          cwd,
          output,
          project,
          ...options,
        }),
      )(),
    );

  program
    .command('settings <project>')
    .description(
      "a component's resolved settings with each value's source: environment, component or workspace config file and line, or default",
    )
    .addOption(component())
    .option('--environment <name>', 'which config/<name>.env files (default: dev, or prod in CI)')
    .option('--json', 'print JSON')
    .action((project: string, options) =>
      run(async () =>
        (await import('./commands/settings/settings.js')).settings({
          cwd,
          output,
          project,
          ...options,
        }),
      )(),
    );

  const infra = program
    .command('infra')
    .description(
      'the local infrastructure on loopback: an S3 server, PostgreSQL, an image registry',
    );
  for (const [action, description] of [
    ['up', 'build what is missing, start it and wait until every service answers'],
    ['down', 'stop it (data volumes are kept)'],
    ['env', 'print the settings that point runs and `mesh models` at it, for eval'],
  ] as const) {
    infra
      .command(action)
      .description(description)
      .action(() =>
        run(async () => {
          const commands = await import('./commands/infra/infra.js');
          const handler = {
            up: commands.infraUp,
            down: commands.infraDown,
            env: commands.infraEnv,
          };
          return handler[action]({ cwd, output });
        })(),
      );
  }

  program
    .command('run <project>', { hidden: true })
    .description('run a built component now (what the nx start target calls)')
    .addOption(component())
    .action((project: string, options) =>
      run(async () =>
        (await import('./commands/run/run-component.js')).runComponentCommand({
          cwd,
          output,
          project,
          ...options,
        }),
      )(),
    );

  program
    .command('build <project>')
    .description(
      "build a component's image (or, with --without-docker, compile it and its libraries)",
    )
    .addOption(component())
    .option(
      '--stage <stage>',
      'image stage: production, development or debugger (default: TARGET_BUILD_STAGE, else production)',
    )
    .option('--without-docker', 'compile with tsc through nx instead of building an image')
    .action((project: string, options) =>
      run(async () =>
        options.withoutDocker || process.env.WITHOUT_DOCKER === 'true'
          ? (await import('./commands/build/build.js')).build({ cwd, output, project, ...options })
          : (await import('./commands/docker/docker-command.js')).buildComponent({
              cwd,
              output,
              project,
              ...options,
            }),
      )(),
    );

  program
    .command('deploy <project>')
    .description(
      'build the production image and push it to REGISTRY (Amazon ECR or any registry), printing its digest',
    )
    .addOption(component())
    .action((project: string, options) =>
      run(async () =>
        (await import('./commands/docker/deploy.js')).deploy({ cwd, output, project, ...options }),
      )(),
    );

  program
    .command('compose')
    .description(
      "generate every project's docker-compose.dev.yaml and docker-compose.ci.yaml from its components",
    )
    .argument('<action>', 'generate')
    .option('--check', 'only check that the committed files are up to date')
    .action((action: string, options) =>
      run(async () => {
        if (action !== 'generate')
          throw new (await import('./errors.js')).UsageError(
            `Unknown compose action "${action}": use generate.`,
          );
        return (await import('./commands/compose/generate.js')).generateCompose({
          cwd,
          output,
          ...options,
        });
      })(),
    );

  const docker = program
    .command('docker')
    .description('base images built from the package registries alone');
  docker
    .command('login')
    .description(
      'log docker in to REGISTRY: an Amazon ECR token, or REGISTRY_USERNAME and REGISTRY_PASSWORD',
    )
    .action(() =>
      run(async () => (await import('./commands/docker/login.js')).login({ output }))(),
    );
  docker
    .command('build <image>')
    .description(
      'build a base image: debian (debootstrap), node-base (Node and npm from the npm registry), s3rver',
    )
    .option('--all', 'rebuild the base images it depends on too')
    .action((image: string, options) =>
      run(async () =>
        (await import('./commands/docker/docker-command.js')).dockerBuild({
          cwd,
          output,
          image,
          ...options,
        }),
      )(),
    );

  program
    .command('test <project>')
    .description('run a test suite of a component')
    .addOption(component())
    .addOption(
      new Option('--suite <suite>', 'which suite').choices([...SUITES, 'all']).default('unit'),
    )
    .option('--without-docker', 'run on this machine through nx instead of in the container')
    .action((project: string, options) =>
      run(async () =>
        (await import('./commands/test/test.js')).test({ cwd, output, project, ...options }),
      )(),
    );

  program
    .command('new <project>')
    .description('scaffold a working component under projects/<project>/<component>')
    .addOption(component())
    .option('--skip-install', 'do not run npm install to add it to the lockfile')
    .action((project: string, options) =>
      run(async () =>
        (await import('./commands/new/new-component.js')).newComponent({
          cwd,
          output,
          project,
          ...options,
        }),
      )(),
    );

  program
    .command('projects')
    .description('list the components of the workspace')
    .option('--json', 'print JSON')
    .action((options) =>
      run(async () =>
        (await import('./commands/projects/projects.js')).projects({ cwd, output, ...options }),
      )(),
    );

  const ci = program
    .command('ci')
    .description(
      'what CI builds, tests and trains, the image tag of a run, and checks of the workflows',
    );
  ci.command('matrix')
    .description(
      'the components and libraries to build and test, with their suites, and the train pipelines with their runners',
    )
    .option('--affected', 'only what the change between --base and --head affects (nx affected)')
    .option('--base <sha>', 'the commit the change starts from (default: NX_BASE, else main)')
    .option('--head <sha>', 'the commit with the change (default: NX_HEAD, else HEAD)')
    .option('--json', 'print JSON')
    .option('--github-output', 'also write components, libraries and train to $GITHUB_OUTPUT')
    .action((options) =>
      run(async () =>
        (await import('./commands/ci/matrix.js')).ciMatrix({ cwd, output, ...options }),
      )(),
    );
  ci.command('tag')
    .description(
      'the image tag of this CI run: vYY.M.N (next calendar version) on a push to main, else ci-<run id>-<attempt>',
    )
    .action(() => run(async () => (await import('./commands/ci/tag.js')).ciTag({ cwd, output }))());
  ci.command('lint')
    .description(
      "actionlint over .github/workflows/, then mesh's invariants: permissions, no push on pull requests, runners stopped, generated matrices, suites",
    )
    .option('--json', 'print JSON')
    .action((options) =>
      run(async () =>
        (await import('./commands/ci/lint.js')).ciLint({ cwd, output, ...options }),
      )(),
    );

  program
    .command('doctor')
    .description('check Node, Docker Engine, compose and the image registry, with how to fix each')
    .option('--json', 'print JSON')
    .action((options) =>
      run(async () =>
        (await import('./commands/doctor/doctor.js')).doctor({ cwd, output, ...options }),
      )(),
    );

  const jobs = program
    .command('jobs')
    .description(
      'run components as jobs: locally, in Docker, as Kubernetes Jobs or Vertex AI CustomJobs',
    );
  const loadJobs = () => import('./commands/jobs/index.js');
  jobs
    .command('submit <project>')
    .description(
      'run a component as a job and follow its log (a dry run prints the manifest or spec)',
    )
    .addOption(component())
    .addOption(
      new Option(
        '--backend <backend>',
        'where it runs (default: DEFAULT_TRAINING_BACKEND, else kubernetes)',
      ).choices(['local', 'docker', 'kubernetes', 'vertex']),
    )
    .option(
      '--set <KEY=VALUE>',
      'a setting of the component for this run (repeatable)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--dry-run',
      'print what would run (Kubernetes manifest, Vertex spec) without running or applying',
    )
    .option('--json', 'print the final record as JSON')
    .action((project: string, options) =>
      run(async () => (await loadJobs()).submit({ cwd, output, project, ...options }))(),
    );
  jobs
    .command('list')
    .description('the newest jobs: backend, status, created, exit code')
    .option('--project <project>', 'only jobs of this project')
    .option('--status <status>', 'only jobs with this status')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print JSON')
    .action((options) =>
      run(async () => (await loadJobs()).listJobs({ cwd, output, ...options }))(),
    );
  jobs
    .command('show <id>')
    .description("a job's record and its whole log timeline")
    .option('--json', 'print JSON')
    .action((id: string, options) =>
      run(async () => (await loadJobs()).showJob({ cwd, output, id, ...options }))(),
    );
  jobs
    .command('logs <id>')
    .description("a job's log; --follow prints new lines until it ends")
    .option('--follow', 'keep printing new lines until the job ends')
    .action((id: string, options) =>
      run(async () => (await loadJobs()).jobLogs({ cwd, output, id, ...options }))(),
    );
  jobs
    .command('cancel <id>')
    .description('stop a job wherever it runs and record it as cancelled')
    .action((id: string) => run(async () => (await loadJobs()).cancelJob({ cwd, output, id }))());

  program
    .command('serve')
    .description('start the Training API and its web page on PORT (default 4000)')
    .action(() =>
      run(async () => (await import('./commands/serve/serve.js')).serve({ cwd, output }))(),
    );

  const models = program
    .command('models')
    .description(
      'registered model versions: list, show, diff, promote, download, verify, report, gc',
    );
  const load = () => import('./commands/models/index.js');
  models
    .command('list [project]')
    .description('versions with created time, aliases and key metrics')
    .option('--all', 'include versions pruned by gc')
    .option(
      '--evaluated-on <data>',
      'only versions evaluated on this data (its sha256 digest or URI), with those scores side by side',
    )
    .option('--json', 'print JSON')
    .action((project: string | undefined, options) =>
      run(async () => (await load()).list({ cwd, output, project, ...options }))(),
    );
  models
    .command('show <version>')
    .description(
      'a version: metrics, params, lineage, artifacts (id like KEYWORDS-TRAINED-3, or MODEL@alias)',
    )
    .option('--json', 'print JSON')
    .action((version: string, options) =>
      run(async () => (await load()).show({ cwd, output, version, ...options }))(),
    );
  models
    .command('diff <a> <b>')
    .description('params and metrics of two versions side by side')
    .option('--json', 'print JSON')
    .action((a: string, b: string, options) =>
      run(async () => (await load()).diff({ cwd, output, a, b, ...options }))(),
    );
  models
    .command('promote <version>')
    .description('point an alias (e.g. production) at a version')
    .requiredOption('--alias <alias>', 'the alias to move, e.g. production or staging')
    .option('--json', 'print JSON')
    .action((version: string, options) =>
      run(async () => (await load()).promote({ cwd, output, version, ...options }))(),
    );
  models
    .command('aliases <project>')
    .description("history of a model's aliases: who moved which, when, from and to which version")
    .option('--json', 'print JSON')
    .action((project: string, options) =>
      run(async () => (await load()).aliases({ cwd, output, project, ...options }))(),
    );
  models
    .command('download <version>')
    .description('download and verify every artifact of a version')
    .requiredOption('--to <dir>', 'folder to write into')
    .option('--json', 'print JSON')
    .action((version: string, options) =>
      run(async () => (await load()).download({ cwd, output, version, ...options }))(),
    );
  models
    .command('verify <version>')
    .description(
      'download a version afresh (digests checked), re-run its stored test inputs and compare with its stored predictions',
    )
    .addOption(component())
    .option('--json', 'print JSON')
    .action((version: string, options) =>
      run(async () => (await load()).verify({ cwd, output, version, ...options }))(),
    );
  models
    .command('report <version>')
    .description(
      "write a version's self-contained report.html: lineage, params, metrics, its plots and the headline metric across versions",
    )
    .option('--output <file>', 'the HTML file (default: <VERSION>.report.html)')
    .option('--png <dir>', 'also write every plot as a PNG into this folder')
    .option('--summary', 'append the headline metric across versions to the GitHub job summary')
    .option('--json', 'print JSON')
    .action((version: string, options) =>
      run(async () =>
        (await load()).report({
          cwd,
          output,
          version,
          outputFile: options.output,
          png: options.png,
          summary: options.summary,
          json: options.json,
        }),
      )(),
    );
  models
    .command('gc')
    .description(
      'prune versions beyond --keep (never aliased ones) and delete unreferenced artifacts',
    )
    .option('--keep <n>', 'versions to keep per model')
    .option('--min-age <age>', 'leave artifacts younger than this (e.g. 0, 30m, 1h)', '1h')
    .option('--dry-run', 'report without removing')
    .option('--json', 'print JSON')
    .action((options) => run(async () => (await load()).gc({ cwd, output, ...options }))());

  models
    .command('fsck')
    .description(
      'check that every stored artifact of every version is intact (re-hashing it); exit 1 if not',
    )
    .option(
      '--repair',
      're-upload damaged or missing artifacts from the run folders under MESH_HOME',
    )
    .option('--json', 'print JSON')
    .action((options) => run(async () => (await load()).fsck({ cwd, output, ...options }))());

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      const informational = [
        'commander.helpDisplayed',
        'commander.help',
        'commander.version',
      ].includes(error.code);
      return informational ? 0 : 2;
    }
    throw error;
  }
  return exitCode;
}
