// The module alone, not the barrel: @mesh/pipeline's index loads the registry and the S3 client,
// which every mesh command would pay for at start-up.
import { findWorkspaceRoot } from '@mesh/pipeline/dist/mesh-home';
import { MeshError } from './errors';

export {
  SUITES,
  listComponents,
  resolveComponent,
  suitesOf,
  type ComponentRef,
  type Suite,
} from '@mesh/workspace';

/** The workspace root above `cwd`, or an error saying to run mesh inside the repository. */
export function workspaceRoot(cwd: string): string {
  const root = findWorkspaceRoot(cwd);
  if (!root)
    throw new MeshError(
      `${cwd} is not inside a mesh workspace (no nx.json above it): run mesh from the repository.`,
    );
  return root;
}
