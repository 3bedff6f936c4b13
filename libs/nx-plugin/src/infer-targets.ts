import type { TargetConfiguration } from 'nx/src/devkit-exports';
import type { PackageKind, Suite } from './workspace-layout';

/** The mesh CLI as the targets call it, from the workspace root. */
const MESH = 'node libs/cli/bin/mesh.js';

/** Every input that decides a build: sources, package manifest, compiler settings, lockfile. */
const BUILD_INPUTS = ['production', '^production', 'sharedGlobals'];

/** Everything a unit suite reads: its package (sources, tests, config/*.env), its dependencies'. */
const UNIT_INPUTS = ['default', '^production', 'sharedGlobals'];

/** Per-suite Jest options: the slower suites get room to run. */
const SUITE_TIMEOUT_MS: Record<Suite, number> = {
  unit: 10_000,
  integration: 120_000,
  functional: 600_000,
};

function jestTarget(root: string, suite: Suite): TargetConfiguration {
  const cached = suite === 'unit';
  return {
    executor: 'nx:run-commands',
    options: {
      command: `jest -c jest.config.js --roots ${root}/tests/${suite} --testTimeout ${SUITE_TIMEOUT_MS[suite]}`,
      cwd: '{workspaceRoot}',
    },
    cache: cached,
    ...(cached ? { inputs: UNIT_INPUTS } : {}),
    // Suites past unit run the built component and the CLI, as a user would.
    ...(cached ? {} : { dependsOn: ['build', { projects: ['cli'], target: 'build' }] }),
    metadata: { description: `Runs the ${suite} tests in ${root}/tests/${suite}/` },
  };
}

/**
 * The targets of one package, from its kind and the suites it has. Pure: what exists on disk
 * is read by the caller, so this is testable without a workspace.
 */
export function inferTargets(
  root: string,
  kind: PackageKind,
  suites: Suite[],
): Record<string, TargetConfiguration> {
  const targets: Record<string, TargetConfiguration> = {
    build: {
      executor: 'nx:run-commands',
      options: { command: `tsc -b ${root}/tsconfig.json`, cwd: '{workspaceRoot}' },
      cache: true,
      inputs: BUILD_INPUTS,
      outputs: [`{projectRoot}/dist`],
      dependsOn: ['^build'],
      metadata: { description: 'Compiles the TypeScript sources to dist/' },
    },
  };
  for (const suite of suites) targets[suite] = jestTarget(root, suite);

  if (kind.kind === 'component') {
    const selector = `${kind.project} --component ${kind.component}`;
    targets.start = {
      executor: 'nx:run-commands',
      options: { command: `${MESH} run ${selector}`, cwd: '{workspaceRoot}' },
      cache: false,
      dependsOn: ['build', { projects: ['cli'], target: 'build' }],
      metadata: { description: 'Trains, evaluates and registers the component (mesh run)' },
    };
    targets.test = {
      executor: 'nx:noop',
      cache: false,
      dependsOn: suites,
      metadata: { description: `Runs every suite: ${suites.join(', ') || 'none'}` },
    };
    // Images are never cached by nx: the engine's layer cache already makes an unchanged rebuild cheap.
    targets['docker-build'] = {
      executor: 'nx:run-commands',
      options: { command: `${MESH} build ${selector}`, cwd: '{workspaceRoot}' },
      cache: false,
      dependsOn: [{ projects: ['cli'], target: 'build' }],
      metadata: {
        description: 'Builds the component image (TARGET_BUILD_STAGE, default production)',
      },
    };
    targets.push = {
      executor: 'nx:run-commands',
      options: { command: `${MESH} deploy ${selector}`, cwd: '{workspaceRoot}' },
      cache: false,
      dependsOn: ['docker-build'],
      metadata: { description: 'Pushes the production image to REGISTRY and prints its digest' },
    };
  }
  return targets;
}
