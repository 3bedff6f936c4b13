/** The container path of the run's mesh home (the workspace's `.mesh/` in the dev file). */
export const CONTAINER_MESH_HOME = '/var/lib/mesh';
