// A container's volumeMounts as CRI mounts (kubelet makeMounts): each names a set-up volume,
// optionally a subPath inside it that must stay inside it, and the read-only and propagation modes.
import { chmodSync, existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { join, posix, sep } from 'node:path';
import type { Container, VolumeMount } from 'kubernetes-types/core/v1.js';
import { type Mount, MountPropagation } from '@kubeling/proto/cri';
import { CreateContainerConfigError } from '../errors.js';
import type { MountedVolume, VolumeMap } from './mounted-volume.js';

/** A CRI Mount of a host path, every field filled. */
export function hostMount(fields: Pick<Mount, 'hostPath' | 'containerPath' | 'readonly' | 'selinuxRelabel'> & Partial<Mount>): Mount {
  return { propagation: MountPropagation.PROPAGATION_PRIVATE, tmpfs: false, tmpfsSizeBytes: 0n, ...fields };
}

/** translateMountPropagation. */
function propagation(mount: VolumeMount): MountPropagation {
  switch (mount.mountPropagation) {
    case undefined:
    case 'None':
      return MountPropagation.PROPAGATION_PRIVATE;
    case 'HostToContainer':
      return MountPropagation.PROPAGATION_HOST_TO_CONTAINER;
    case 'Bidirectional':
      return MountPropagation.PROPAGATION_BIDIRECTIONAL;
  }
  throw new CreateContainerConfigError(`invalid MountPropagation mode: "${mount.mountPropagation}"`);
}

const isWithin = (path: string, root: string) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/** Creates the missing directories of `subPath` under `root` with root's permissions (SafeMakeDir). */
function makeDirs(root: string, subPath: string): void {
  const mode = statSync(root).mode & 0o7777;
  let dir = root;
  for (const segment of subPath.split('/').filter((s) => s !== '' && s !== '.')) {
    dir = join(dir, segment);
    if (existsSync(dir)) continue;
    mkdirSync(dir);
    // mkdir's mode is masked by the umask.
    chmodSync(dir, mode);
  }
}

/**
 * The host path of `subPath` inside the volume, created (with the volume's permissions) when it
 * does not exist; symlinks must not lead out of the volume (PrepareSafeSubpath).
 */
function subPathOnHost(mount: VolumeMount, container: Container, volume: MountedVolume): string {
  const subPath = mount.subPath!;
  if (posix.isAbsolute(subPath)) throw new CreateContainerConfigError(`error SubPath \`${subPath}\` must not be an absolute path`);
  if (subPath.split('/').includes('..')) throw new CreateContainerConfigError(`unable to provision SubPath \`${subPath}\`: must not contain '..'`);
  if (volume.tmpfs) throw new CreateContainerConfigError(`failed to prepare subPath for volumeMount "${mount.name}" of container "${container.name}": subPath of an emptyDir of medium Memory is not supported`);
  const hostPath = join(volume.path, subPath);
  try {
    if (!existsSync(hostPath)) makeDirs(volume.path, subPath);
  } catch {
    // The host's details stay out of the message, as in the kubelet.
    throw new CreateContainerConfigError(`failed to create subPath directory for volumeMount "${mount.name}" of container "${container.name}"`);
  }
  const resolved = realpathSync(hostPath);
  if (!isWithin(resolved, realpathSync(volume.path))) {
    throw new CreateContainerConfigError(`failed to prepare subPath for volumeMount "${mount.name}" of container "${container.name}"`);
  }
  return resolved;
}

function mountOf(mount: VolumeMount, container: Container, volume: MountedVolume): Mount {
  if (mount.subPathExpr) throw new CreateContainerConfigError(`subPathExpr of volumeMount "${mount.name}" is not supported by Kubeling's kubelet`);
  const readonly = mount.readOnly === true || volume.readOnly;
  const common = { containerPath: mount.mountPath, readonly, selinuxRelabel: volume.selinuxRelabel, propagation: propagation(mount) };
  if (volume.tmpfs && !mount.subPath) return hostMount({ ...common, hostPath: '', tmpfs: true, tmpfsSizeBytes: volume.tmpfs.sizeBytes });
  return hostMount({ ...common, hostPath: mount.subPath ? subPathOnHost(mount, container, volume) : volume.path });
}

/** The container's mounts; a mount of a volume that is not set up fails the container's config. */
export function makeMounts(container: Container, volumes: VolumeMap): Mount[] {
  return (container.volumeMounts ?? []).map((mount) => {
    const volume = volumes.get(mount.name);
    if (volume === undefined) throw new CreateContainerConfigError(`cannot find volume "${mount.name}" to mount into container "${container.name}"`);
    return mountOf(mount, container, volume);
  });
}
