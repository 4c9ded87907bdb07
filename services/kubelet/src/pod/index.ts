// What the kubelet uses to turn a pod's spec into CRI sandbox and container configs.
export { buildContainerConfig, type ContainerContext, type EnvSource } from './container-config.js';
export { buildSandboxConfig, podHostname, type SandboxOptions } from './sandbox-config.js';
export { CreateContainerConfigError, VolumeSetUpError } from './errors.js';
export * from './runtime-labels.js';
export { VolumeManager, type VolumeSources, type VolumeManagerOptions } from './volumes/volume-manager.js';
export type { MountedVolume, VolumeMap } from './volumes/mounted-volume.js';
export { podContainerDir, podDir, podVolumesDir } from './volumes/paths.js';
