// CRI request messages with every field CRI leaves to its default filled in: the generated
// types require all scalar fields, and callers should only have to say what they mean.
import { MountPropagation, type ContainerConfig, type LinuxContainerResources, type Mount, type PodSandboxConfig } from '@kubeling/proto/cri';

type Metadata<T> = T extends { metadata?: infer M } ? NonNullable<M> : never;

export type PodSandboxConfigInput = Partial<Omit<PodSandboxConfig, 'metadata'>> & { metadata: Omit<Metadata<PodSandboxConfig>, 'attempt'> & { attempt?: number } };

export function podSandboxConfig(input: PodSandboxConfigInput): PodSandboxConfig {
  return {
    hostname: '',
    logDirectory: '',
    dnsConfig: undefined,
    portMappings: [],
    labels: {},
    annotations: {},
    linux: undefined,
    ...input,
    metadata: { attempt: 0, ...input.metadata },
  };
}

export type MountInput = Partial<Mount> & { containerPath: string };

export const mount = (input: MountInput): Mount => ({
  hostPath: '',
  readonly: false,
  selinuxRelabel: false,
  propagation: MountPropagation.PROPAGATION_PRIVATE,
  tmpfs: false,
  tmpfsSizeBytes: 0n,
  ...input,
});

export const linuxResources = (input: Partial<LinuxContainerResources>): LinuxContainerResources => ({
  cpuPeriod: 0n,
  cpuQuota: 0n,
  cpuShares: 0n,
  memoryLimitInBytes: 0n,
  oomScoreAdj: 0n,
  cpusetCpus: '',
  cpusetMems: '',
  ...input,
});

export type ContainerConfigInput = Partial<Omit<ContainerConfig, 'metadata' | 'image' | 'mounts'>> & {
  metadata: { name: string; attempt?: number };
  image: string;
  mounts?: MountInput[];
};

export function containerConfig(input: ContainerConfigInput): ContainerConfig {
  const { image, mounts, metadata, ...rest } = input;
  return {
    command: [],
    args: [],
    workingDir: '',
    envs: [],
    devices: [],
    labels: {},
    annotations: {},
    logPath: '',
    stdin: false,
    stdinOnce: false,
    tty: false,
    linux: undefined,
    ...rest,
    metadata: { attempt: 0, ...metadata },
    image: { image, annotations: {}, userSpecifiedImage: image },
    mounts: (mounts ?? []).map(mount),
  };
}
