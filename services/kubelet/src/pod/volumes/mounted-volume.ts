// A pod volume once set up: what the containers' mounts of it are made of.

export interface MountedVolume {
  /** The volume's directory (or hostPath's path) on the host; '' for a tmpfs the runtime creates. */
  path: string;
  /** The plugin's read-only attribute: configMap, secret, downwardAPI and projected volumes are read-only. */
  readOnly: boolean;
  /** The plugin manages the contents, so the runtime may relabel them for SELinux. */
  selinuxRelabel: boolean;
  /** An emptyDir of medium Memory: each mount is a tmpfs (size in bytes, 0: the runtime's default). */
  tmpfs?: { sizeBytes: bigint };
}

/** The pod's set-up volumes by name (kubecontainer.VolumeMap). */
export type VolumeMap = Map<string, MountedVolume>;
