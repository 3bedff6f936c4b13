import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { ComponentRef } from './components';
import { ComponentDeclarationError } from './errors';

/** A Kubernetes toleration, as in a pod spec. */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/**
 * What a component needs to run, declared once in the `mesh` section of its package.json and
 * read by compose generation, the CI matrix and the job backends alike:
 *
 * ```json
 * "mesh": { "gpu": 1, "runner": "self-hosted", "instance-type": "g5.xlarge",
 *           "resources": { "cpu": "4", "memory": "16Gi" }, "predict": "dist/predict.js",
 *           "env": ["REVIEW_API_URL"] }
 * ```
 */
export interface ComponentDeclaration {
  /** NVIDIA GPUs one run needs. Default: 0. */
  gpu: number;
  /** Where CI trains it: a GitHub-hosted runner or an ephemeral self-hosted one. Default: `hosted`, or `self-hosted` when `gpu` > 0. */
  runner: 'hosted' | 'self-hosted';
  /** EC2 instance type of the self-hosted runner (`instance-type`), e.g. `g5.xlarge`. Required when `runner` is `self-hosted`. */
  instanceType?: string;
  /** CPU and memory one run requests (Kubernetes quantities). Default: `{ cpu: "1", memory: "2Gi" }`. */
  resources: { cpu: string; memory: string };
  /** Kubernetes scheduling. Default: no node selector, no tolerations, the namespace's default service account. */
  kubernetes: {
    nodeSelector: Record<string, string>;
    tolerations: Toleration[];
    serviceAccount?: string;
  };
  /**
   * The compiled module, relative to the component folder, that exports `loadPredictor` and
   * `evaluate` (the `ComponentPredictorModule` of `@mesh/pipeline`), e.g. `dist/predict.js`.
   * Default: none; `mesh predict`, `mesh evaluate` and `mesh models verify` then refuse.
   */
  predict?: string;
  /**
   * Variables of the caller's environment a run of the component also receives, beyond the ones
   * mesh passes to every component (registry, lineage, CI): e.g. `["REVIEW_API_URL"]`, so that
   * `make projects.start/<p> REVIEW_API_URL=...` reaches the container. Names are upper-case
   * environment variable names. Default: none.
   */
  env: string[];
}

const KEYS = ['gpu', 'runner', 'instance-type', 'resources', 'kubernetes', 'predict', 'env'];
const VARIABLE_NAME = /^[A-Z_][A-Z0-9_]*$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/;

/** Reads and validates a component's declaration; every problem names the file and field. */
export function readComponentDeclaration(
  component: Pick<ComponentRef, 'root'>,
  workspaceRoot?: string,
): ComponentDeclaration {
  const path = join(component.root, 'package.json');
  const file = workspaceRoot ? relative(workspaceRoot, path) : path;
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { mesh?: unknown };
  return parseComponentDeclaration(manifest.mesh, file);
}

/** Validates a `mesh` section (undefined means all defaults); `file` names it in errors. */
export function parseComponentDeclaration(raw: unknown, file: string): ComponentDeclaration {
  const problems: string[] = [];
  const fail = (field: string, problem: string) => problems.push(`mesh.${field} ${problem}`);
  const section = (raw ?? {}) as Record<string, unknown>;
  if (typeof section !== 'object' || Array.isArray(section)) {
    throw new ComponentDeclarationError(`${file}: "mesh" must be an object.`);
  }
  for (const key of Object.keys(section))
    if (!KEYS.includes(key)) fail(key, `is not a known field (known: ${KEYS.join(', ')})`);

  const gpu = section.gpu ?? 0;
  if (typeof gpu !== 'number' || !Number.isInteger(gpu) || gpu < 0)
    fail('gpu', `must be a whole number of GPUs, 0 or more (got ${JSON.stringify(gpu)})`);

  const runner = section.runner ?? (typeof gpu === 'number' && gpu > 0 ? 'self-hosted' : 'hosted');
  if (runner !== 'hosted' && runner !== 'self-hosted')
    fail('runner', `must be "hosted" or "self-hosted" (got ${JSON.stringify(runner)})`);
  const instanceType = section['instance-type'];
  if (instanceType !== undefined && (typeof instanceType !== 'string' || !instanceType))
    fail('instance-type', 'must be an EC2 instance type such as "g5.xlarge"');
  if (runner === 'self-hosted' && instanceType === undefined)
    fail('instance-type', 'is required when the runner is self-hosted, e.g. "g5.xlarge"');
  if (runner === 'hosted' && typeof gpu === 'number' && gpu > 0)
    fail('runner', 'must be "self-hosted" when gpu > 0: hosted runners have no GPU');

  const resources = { cpu: '1', memory: '2Gi', ...(section.resources as object) } as Record<
    string,
    unknown
  >;
  for (const field of ['cpu', 'memory'])
    if (typeof resources[field] !== 'string' || !QUANTITY.test(resources[field] as string))
      fail(
        `resources.${field}`,
        `must be a Kubernetes quantity such as "2" or "8Gi" (got ${JSON.stringify(resources[field])})`,
      );

  const kubernetes = (section.kubernetes ?? {}) as Record<string, unknown>;
  const nodeSelector = kubernetes.nodeSelector ?? {};
  if (
    typeof nodeSelector !== 'object' ||
    Array.isArray(nodeSelector) ||
    Object.values(nodeSelector as object).some((value) => typeof value !== 'string')
  )
    fail('kubernetes.nodeSelector', 'must map label names to string values');
  const tolerations = kubernetes.tolerations ?? [];
  if (!Array.isArray(tolerations)) fail('kubernetes.tolerations', 'must be a list');
  const serviceAccount = kubernetes.serviceAccount;
  if (serviceAccount !== undefined && typeof serviceAccount !== 'string')
    fail('kubernetes.serviceAccount', 'must be a service account name');

  const predict = section.predict;
  if (
    predict !== undefined &&
    (typeof predict !== 'string' ||
      !/\.(c?js)$/.test(predict) ||
      isAbsolute(predict) ||
      predict.split(/[\\/]/).includes('..'))
  )
    fail(
      'predict',
      `must be the compiled predictor module's path inside the component folder, e.g. "dist/predict.js" (got ${JSON.stringify(predict)})`,
    );

  const env = section.env ?? [];
  if (!Array.isArray(env))
    fail('env', `must be a list of variable names (got ${JSON.stringify(env)})`);
  else {
    const bad = env.filter((name) => typeof name !== 'string' || !VARIABLE_NAME.test(name));
    if (bad.length > 0)
      fail(
        'env',
        `entries must be environment variable names such as "REVIEW_API_URL" (got ${bad.map((name) => JSON.stringify(name)).join(', ')})`,
      );
    const twice = env.filter((name, index) => env.indexOf(name) !== index);
    if (twice.length > 0) fail('env', `names ${[...new Set(twice)].join(', ')} more than once`);
  }

  if (problems.length > 0) {
    throw new ComponentDeclarationError(
      `${file}: ${problems.join('; ')}. Fix the "mesh" section of the file.`,
    );
  }
  return {
    gpu: gpu as number,
    runner: runner as ComponentDeclaration['runner'],
    ...(instanceType ? { instanceType: instanceType as string } : {}),
    resources: { cpu: resources.cpu as string, memory: resources.memory as string },
    kubernetes: {
      nodeSelector: nodeSelector as Record<string, string>,
      tolerations: tolerations as Toleration[],
      ...(serviceAccount ? { serviceAccount: serviceAccount as string } : {}),
    },
    ...(predict !== undefined ? { predict: predict as string } : {}),
    env: env as string[],
  };
}
