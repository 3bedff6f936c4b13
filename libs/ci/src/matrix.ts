import type { Suite } from '@mesh/workspace';
import type { WorkspacePackages } from './workspace-packages';

/** Which suites a package has, one flag each, so a workflow step can say `if: matrix.integration`. */
export type SuiteFlags = Record<Suite, boolean>;

/** One affected component: CI builds its development image, then runs each suite it has. */
export interface ComponentJob extends SuiteFlags {
  /** Nx project name, e.g. `keywords-train`. */
  name: string;
  project: string;
  component: string;
  /** Folder relative to the workspace root. */
  path: string;
}

/** One affected library: CI runs each suite it has through Nx. */
export interface LibraryJob extends SuiteFlags {
  /** Nx project name: the folder's name, e.g. `settings`. */
  name: string;
  path: string;
}

/** One train pipeline, sized by the component's declaration. */
export interface TrainJob {
  name: string;
  project: string;
  component: string;
  /** `hosted` (a GitHub-hosted runner) or `self-hosted` (an ephemeral EC2 runner). */
  runner: 'hosted' | 'self-hosted';
  /** EC2 instance type of the self-hosted runner; empty for hosted runners. */
  'instance-type': string;
  /** NVIDIA GPUs the run needs; the job checks them with nvidia-smi first when > 0. */
  gpu: number;
}

/** What CI runs for a change, as JSON-ready lists for `strategy.matrix.include`. */
export interface CiMatrix {
  components: ComponentJob[];
  libraries: LibraryJob[];
  train: TrainJob[];
}

/** The component every project trains with; its run is the train pipeline. */
export const TRAIN_COMPONENT = 'train';

/**
 * The CI plan for a change: every affected component with its suites, every affected library
 * that has a suite, with its suites, and a train pipeline for every affected `train` component, sized by its
 * declaration. Pure: `affected` holds Nx project names (`'all'` plans everything), and names
 * that are neither a component nor a library or app (tooling) are left out.
 */
export function planCiMatrix(
  packages: WorkspacePackages,
  affected: readonly string[] | 'all',
): CiMatrix {
  const wanted = (name: string) => affected === 'all' || affected.includes(name);
  const flags = (suites: readonly Suite[]): SuiteFlags => ({
    unit: suites.includes('unit'),
    integration: suites.includes('integration'),
    functional: suites.includes('functional'),
  });
  const components = packages.components.filter(({ ref }) => wanted(ref.name));
  return {
    components: components.map(({ ref, suites }) => ({
      name: ref.name,
      project: ref.project,
      component: ref.component,
      path: ref.path,
      ...flags(suites),
    })),
    libraries: packages.libraries
      .filter(({ ref, suites }) => wanted(ref.name) && suites.length > 0)
      .map(({ ref, suites }) => ({ name: ref.name, path: ref.path, ...flags(suites) })),
    train: components
      .filter(({ ref }) => ref.component === TRAIN_COMPONENT)
      .map(({ ref, declaration }) => ({
        name: ref.name,
        project: ref.project,
        component: ref.component,
        runner: declaration.runner,
        'instance-type': declaration.instanceType ?? '',
        gpu: declaration.gpu,
      })),
  };
}
