import { chownSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** uid and gid of `mesh`, the non-root user of every mesh image. */
export const IMAGE_USER_ID = 1000;

/** Who a container that writes into a mounted host folder runs as. */
export interface ContainerUser {
  uid: number;
  gid: number;
  /** The caller is root: the folder was handed to the image's own user. */
  callerIsRoot: boolean;
}

/**
 * Prepares a host folder a container will write into (the mesh home): as root, the image's own
 * non-root user gets the folder; otherwise the container should run as the calling user, so the
 * files it writes stay theirs.
 */
export function shareFolderWithContainer(path: string): ContainerUser {
  mkdirSync(path, { recursive: true });
  const uid = process.getuid?.() ?? IMAGE_USER_ID;
  if (uid !== 0) return { uid, gid: process.getgid?.() ?? uid, callerIsRoot: false };
  chownTree(path, IMAGE_USER_ID);
  return { uid: IMAGE_USER_ID, gid: IMAGE_USER_ID, callerIsRoot: true };
}

function chownTree(path: string, id: number): void {
  chownSync(path, id, id);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) chownTree(child, id);
    else chownSync(child, id, id);
  }
}
