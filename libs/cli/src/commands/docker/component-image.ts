import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import {
  requireBaseImage,
  buildImage,
  connectDocker,
  listBuildContext,
  ociLabels,
  type BuildEvent,
  type BuiltImage,
  type EngineApi,
  type ImageSummary,
  type LabelInput,
} from '@mesh/docker';
import type { Output } from '@mesh/output';
// The module alone: see ../../workspace.ts.
import { readGitInfo, type GitInfo } from '@mesh/pipeline/dist/git-info';
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
  /** The checkout's state, when the caller has read it already. Default: read from `root`. */
  git?: GitInfo;
  /** The plan made already (by {@link ensureComponentImage}). Default: made here. */
  plan?: ComponentImagePlan;
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

/** What a component image is built from, and whether the image there already is that. */
export interface ComponentImagePlan {
  stage: string;
  tag: string;
  dockerfile: string;
  /** The build context's files, relative to the workspace root. */
  files: string[];
  baseImage: string;
  /** The labels but the build time. */
  labelInput: Omit<LabelInput, 'created'>;
  /** The value of the `dev.mesh.inputs-hash` label. */
  inputsHash: string;
  /** The image tagged `tag`, when its inputs hash the same: no build is needed. */
  upToDate?: { id: string };
}

/** Options of {@link planComponentImage}. */
export interface PlanComponentImageOptions {
  root: string;
  component: ComponentRef;
  env: NodeJS.ProcessEnv;
  /** Default: `TARGET_BUILD_STAGE`, else `production`. */
  stage?: string;
  /** The checkout's state, when the caller has read it already. Default: read from `root`. */
  git?: GitInfo;
  /** Looks an image up in the engine: undefined when there is none. */
  inspectImage: (reference: string) => Promise<ImageSummary | undefined>;
}

/**
 * Reads what a component image would be built from (the context narrowed to the component, the
 * libraries it uses and the workspace manifests, the stage, the base image, the labels) and
 * hashes it, and finds whether the image already there was built from the same.
 */
export async function planComponentImage(
  options: PlanComponentImageOptions,
): Promise<ComponentImagePlan> {
  const stage = options.stage || options.env.TARGET_BUILD_STAGE || 'production';
  if (!(STAGES as readonly string[]).includes(stage)) {
    throw new UsageError(`TARGET_BUILD_STAGE "${stage}" is not a stage: use ${STAGES.join(', ')}.`);
  }
  const dockerfile = `${options.component.path}/Dockerfile`;
  if (!existsSync(join(options.root, dockerfile)))
    throw new UsageError(
      `${dockerfile} does not exist: a component needs one to run in containers.`,
    );
  const source = exec('git', ['config', '--get', 'remote.origin.url'], {
    cwd: options.root,
  }).then(
    ({ stdout }) => redactUrlCredentials(stdout.trim()).replace(/\/\/[^/@]*@/, '//'),
    () => undefined,
  );
  const baseImage = baseImageReference('node-base', options.env);
  const tag = componentImageTag(options.component, options.env, stage);
  // The engine answers while the context is listed.
  const images = Promise.all([options.inspectImage(baseImage), options.inspectImage(tag)]);
  const include = [
    ...ROOT_FILES,
    writeManifests(options.root),
    ...packagesNeeded(options.root, options.component),
  ];
  const files = listBuildContext({ root: options.root, include });
  const git = options.git ?? (await readGitInfo(options.root));
  const labelInput = {
    revision: git.sha,
    source: await source,
    version: options.env.IMAGE_TAG || 'dev',
    project: options.component.project,
    component: options.component.component,
    stage,
  };
  const [base, existing] = await images;
  const inputsHash = hashImageInputs({
    root: options.root,
    files,
    settings: {
      dockerfile,
      stage,
      tag,
      baseImage,
      // `absent` when missing: the build then fails on it, explaining.
      baseImageId: base?.id ?? 'absent',
      // The labels but the build time: a commit changes the revision label, so it rebuilds.
      labels: JSON.stringify(labelInput),
    },
  });
  return {
    stage,
    tag,
    dockerfile,
    files,
    baseImage,
    labelInput,
    inputsHash,
    upToDate:
      existing && existing.labels[INPUTS_HASH_LABEL] === inputsHash
        ? { id: existing.id }
        : undefined,
  };
}

/**
 * Builds a component's image from its Dockerfile, with a context narrowed to the component,
 * the libraries it uses and the workspace manifests, the chosen stage, OCI labels and streamed
 * progress, unless the image there was built from the same inputs. Build arguments carry only
 * versions and image names, never secrets.
 */
export async function buildComponentImage(
  options: BuildComponentImageOptions,
): Promise<BuiltImage & { stage: string }> {
  const plan =
    options.plan ??
    (await planComponentImage({
      ...options,
      inspectImage: (reference) =>
        options.docker
          .getImage(reference)
          .inspect()
          .then(
            (image) => ({ id: image.Id, labels: image.Config?.Labels ?? {} }),
            () => undefined,
          ),
    }));
  const { stage, tag } = plan;
  if (!options.noCache && plan.upToDate) {
    options.output.info(`${tag} is up to date: its inputs are unchanged, so it is not rebuilt`);
    return { id: plan.upToDate.id, tags: [tag], stage };
  }
  // Without it the engine would try Docker Hub and fail late with a DNS error.
  await requireBaseImage(
    options.docker,
    plan.baseImage,
    `make docker.build/node-base${options.env.BASE_IMAGE_TAG ? ` BASE_IMAGE_TAG=${options.env.BASE_IMAGE_TAG}` : ''}`,
  );
  const labels = {
    ...ociLabels({ ...plan.labelInput, created: new Date() }),
    [INPUTS_HASH_LABEL]: plan.inputsHash,
  };
  const built = await options.output.step(
    `Building ${tag} (stage ${stage}, ${plan.files.length} files in the context)`,
    (progress) =>
      buildImage({
        docker: options.docker,
        root: options.root,
        files: plan.files,
        dockerfile: plan.dockerfile,
        tags: [tag],
        target: stage,
        buildArgs: { NODE_BASE_IMAGE: plan.baseImage },
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

/** Options of {@link ensureComponentImage}. */
export type EnsureComponentImageOptions = Omit<
  BuildComponentImageOptions,
  'docker' | 'plan' | 'noCache'
> & { engine: EngineApi };

/**
 * The component's image: the one there when its inputs are unchanged, found through the light
 * Engine API client alone; else built, connecting dockerode only then.
 */
export async function ensureComponentImage(
  options: EnsureComponentImageOptions,
): Promise<BuiltImage & { stage: string }> {
  const plan = await planComponentImage({
    ...options,
    inspectImage: (reference) => options.engine.inspectImage(reference),
  });
  if (plan.upToDate) {
    options.output.info(
      `${plan.tag} is up to date: its inputs are unchanged, so it is not rebuilt`,
    );
    return { id: plan.upToDate.id, tags: [plan.tag], stage: plan.stage };
  }
  const docker = await connectDocker(options.env);
  return buildComponentImage({ ...options, docker, plan });
}
