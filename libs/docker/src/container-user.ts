import { mkdirSync } from 'node:fs';

/** uid and gid of `mesh`, the non-root user of every mesh image. */
export const IMAGE_USER_ID = 1000;

/** Who a container that writes into a mounted host folder runs as. */
export interface ContainerUser {
  uid: number;
  gid: number;
  /** The caller is root (the container then runs as root too). */
  callerIsRoot: boolean;
}

/**
 * Prepares a host folder a container will write into (the mesh home): the container runs as
 * the calling user (root included), so what it writes stays the caller's and nothing on the host
 * is ever chowned, however large the folder has grown.
 */
export function shareFolderWithContainer(path: string): ContainerUser {
  mkdirSync(path, { recursive: true });
  const uid = process.getuid?.() ?? IMAGE_USER_ID;
  const gid = process.getgid?.() ?? uid;
  return { uid, gid, callerIsRoot: uid === 0 };
}
