import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import {
  requireBaseImage,
  buildImage,
  listBuildContext,
  ociLabels,
  type BuildEvent,
  type BuiltImage,
} from '@mesh/docker';
import type { Output } from '@mesh/output';
import { readGitInfo } from '@mesh/pipeline';
import { redactUrlCredentials } from '@mesh/settings';
import { UsageError } from '../../errors';
import type { ComponentRef } from '../../workspace';
import { baseImageReference } from './base-images';
import { hashImageInputs, INPUTS_HASH_LABEL } from './inputs-hash';

const exec = promisify(execFile);

/** The stages of a component's Dockerfile a user may build. */
export const STAGES = ['production', 'development', 'debugger'] as const;

/** Files at the workspace root every component image needs. */
const ROOT_FILES = [
  'package.json',
  'package-lock.json',
  'tsconfig.base.json',
  'jest.config.js',
  '.env',
  // The workspace marker and its shared config/<environment>.env, read below a component's own.
  'nx.json',
  'config',
];

/** Options of {@link buildComponentImage}. */
export interface BuildComponentImageOptions {
  docker: Docker;
  root: string;
  component: ComponentRef;
  output: Output;
  env: NodeJS.ProcessEnv;
  /** Default: `TARGET_BUILD_STAGE`, else `production`. */
  stage?: string;
  /** Ignore the layer cache, and build even when the image's inputs are unchanged. Default: false. */
  noCache?: boolean;
  /** Receives every line of the build's output too. */
  onEvent?: (event: BuildEvent) => void;
}

/**
 * A component image's local tag: `<project>-<component>:<IMAGE_TAG or dev>` for production,
 * `<project>-<component>-<stage>:<tag>` for the other stages (as the compose files name them).
 */
export function componentImageTag(
  component: ComponentRef,
  env: NodeJS.ProcessEnv,
  stage = 'production',
): string {
  return `${component.name}${stage === 'production' ? '' : `-${stage}`}:${env.IMAGE_TAG || 'dev'}`;
}

/**
 * The workspace packages a component needs: its own folder and every `@mesh/*` library it
 * depends on, transitively (plus the test helpers, which its suites use).
 */
export function packagesNeeded(root: string, component: ComponentRef): string[] {
  const folderOf = new Map<string, string>();
  for (const parent of ['libs', 'apps']) {
    const dir = join(root, parent);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const manifest = join(dir, name, 'package.json');
      if (existsSync(manifest))
        folderOf.set(JSON.parse(readFileSync(manifest, 'utf8')).name, `${parent}/${name}`);
    }
  }
  const needed = new Set<string>([component.path, 'libs/testing']);
  const visit = (folder: string) => {
    const manifest = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'));
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })) {
      const dependency = folderOf.get(name);
      if (dependency && !needed.has(dependency)) {
        needed.add(dependency);
        visit(dependency);
      }
    }
  };
  visit(component.path);
  return [...needed].sort();
}

/** Copies every workspace manifest and the lockfile into `.mesh/build/manifests/` for the dependency layer. */
function writeManifests(root: string): string {
  const target = join(root, '.mesh', 'build', 'manifests');
  rmSync(target, { recursive: true, force: true });
  const manifests = ['package.json', 'package-lock.json'];
  for (const pattern of [['libs'], ['apps'], ['projects', '*']]) {
    const base = join(root, pattern[0]);
    if (!existsSync(base)) continue;
    for (const first of readdirSync(base)) {
      if (pattern.length === 1) manifests.push(`${pattern[0]}/${first}/package.json`);
      else if (existsSync(join(base, first)) && !first.includes('.')) {
        for (const second of readdirSync(join(base, first)))
          manifests.push(`${pattern[0]}/${first}/${second}/package.json`);
      }
    }
  }
  for (const manifest of manifests) {
    if (!existsSync(join(root, manifest))) continue;
    mkdirSync(dirname(join(target, manifest)), { recursive: true });
    copyFileSync(join(root, manifest), join(target, manifest));
  }
  return '.mesh/build/manifests';
}

/**
 * Builds a component's image from its Dockerfile, with a context narrowed to the component,
 * the libraries it uses and the workspace manifests, the chosen stage, OCI labels and streamed
 * progress. Build arguments carry only versions and image names, never secrets.
 */
export async function buildComponentImage(
  options: BuildComponentImageOptions,
): Promise<BuiltImage & { stage: string }> {
  const stage = options.stage || options.env.TARGET_BUILD_STAGE || 'production';
  if (!(STAGES as readonly string[]).includes(stage)) {
    throw new UsageError(`TARGET_BUILD_STAGE "${stage}" is not a stage: use ${STAGES.join(', ')}.`);
  }
  const dockerfile = `${options.component.path}/Dockerfile`;
  if (!existsSync(join(options.root, dockerfile)))
    throw new UsageError(
      `${dockerfile} does not exist: a component needs one to run in containers.`,
    );
  // Checked first: without it the engine would try Docker Hub and fail late with a DNS error.
  await requireBaseImage(
    options.docker,
    baseImageReference('node-base', options.env),
    `make docker.build/node-base${options.env.BASE_IMAGE_TAG ? ` BASE_IMAGE_TAG=${options.env.BASE_IMAGE_TAG}` : ''}`,
  );
  const include = [
    ...ROOT_FILES,
    writeManifests(options.root),
    ...packagesNeeded(options.root, options.component),
  ];
  const files = listBuildContext({ root: options.root, include });
  const git = await readGitInfo(options.root);
  const tag = componentImageTag(options.component, options.env, stage);
  const source = await exec('git', ['config', '--get', 'remote.origin.url'], {
    cwd: options.root,
  }).then(
    ({ stdout }) => redactUrlCredentials(stdout.trim()).replace(/\/\/[^/@]*@/, '//'),
    () => undefined,
  );
  const labelInput = {
    revision: git.sha,
    source,
    version: options.env.IMAGE_TAG || 'dev',
    project: options.component.project,
    component: options.component.component,
    stage,
  };
  const baseImage = baseImageReference('node-base', options.env);
  const inputsHash = hashImageInputs({
    root: options.root,
    files,
    settings: {
      dockerfile,
      stage,
      tag,
      baseImage,
      baseImageId: await imageId(options.docker, baseImage),
      // The labels but the build time: a commit changes the revision label, so it rebuilds.
      labels: JSON.stringify(labelInput),
    },
  });
  if (!options.noCache) {
    const existing = await options.docker
      .getImage(tag)
      .inspect()
      .catch(() => undefined);
    if (existing?.Config?.Labels?.[INPUTS_HASH_LABEL] === inputsHash) {
      options.output.info(`${tag} is up to date: its inputs are unchanged, so it is not rebuilt`);
      return { id: existing.Id, tags: [tag], stage };
    }
  }
  const labels = {
    ...ociLabels({ ...labelInput, created: new Date() }),
    [INPUTS_HASH_LABEL]: inputsHash,
  };
  const built = await options.output.step(
    `Building ${tag} (stage ${stage}, ${files.length} files in the context)`,
    (progress) =>
      buildImage({
        docker: options.docker,
        root: options.root,
        files,
        dockerfile,
        tags: [tag],
        target: stage,
        buildArgs: { NODE_BASE_IMAGE: baseImage },
        labels,
        noCache: options.noCache,
        onEvent: (event) => {
          options.onEvent?.(event);
          if (event.step) options.output.info(`  ${event.step}`);
          progress.detail(event.step ?? event.line ?? '');
        },
      }),
  );
  return { ...built, stage };
}

/** The id of a local image, or `absent` (the build then pulls or fails on it, explaining). */
async function imageId(docker: Docker, reference: string): Promise<string> {
  return docker
    .getImage(reference)
    .inspect()
    .then(
      (image) => image.Id,
      () => 'absent',
    );
}
