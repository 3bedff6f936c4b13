import {
  listApps,
  listComponents,
  listLibraries,
  readComponentDeclaration,
  suitesOf,
  type ComponentDeclaration,
  type ComponentRef,
  type LibraryRef,
  type Suite,
} from '@mesh/workspace';

/** A component as CI sees it: where it is, its suites, and what it declares it needs to run. */
export interface ComponentPackage {
  ref: ComponentRef;
  suites: Suite[];
  declaration: ComponentDeclaration;
}

/** A library as CI sees it: where it is and its suites. */
export interface LibraryPackage {
  ref: LibraryRef;
  suites: Suite[];
}

/** Every package of the workspace CI builds and tests; `libraries` includes the apps. */
export interface WorkspacePackages {
  components: ComponentPackage[];
  libraries: LibraryPackage[];
}

/**
 * Reads the workspace's components (with their validated `mesh` declarations) and libraries,
 * each with the suites it has. An invalid declaration throws, naming its file and field.
 */
export function readWorkspacePackages(root: string): WorkspacePackages {
  return {
    components: listComponents(root).map((ref) => ({
      ref,
      suites: suitesOf(ref),
      declaration: readComponentDeclaration(ref, root),
    })),
    // Apps (apps/*) are tested like libraries: each suite through Nx.
    libraries: [...listLibraries(root), ...listApps(root)].map((ref) => ({
      ref,
      suites: suitesOf(ref),
    })),
  };
}
