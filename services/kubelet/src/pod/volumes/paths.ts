// Where a pod's files live under the kubelet's root directory (kubelet_getters.go).
import { join } from 'node:path';

/** <root>/pods/<uid>. */
export const podDir = (rootDir: string, podUid: string) => join(rootDir, 'pods', podUid);

/** <root>/pods/<uid>/volumes. */
export const podVolumesDir = (rootDir: string, podUid: string) => join(podDir(rootDir, podUid), 'volumes');

/** <root>/pods/<uid>/volumes/<plugin, `/` escaped as `~`>/<volume>. */
export const podVolumeDir = (rootDir: string, podUid: string, plugin: string, volumeName: string) => join(podVolumesDir(rootDir, podUid), plugin.replaceAll('/', '~'), volumeName);

/** <root>/pods/<uid>/containers/<name>: the container's termination message files. */
export const podContainerDir = (rootDir: string, podUid: string, containerName: string) => join(podDir(rootDir, podUid), 'containers', containerName);
