// Volume sources as the core/v1 defaulters leave them (SetDefaults_Volume and the per-source
// functions and +default markers that zz_generated.defaults.go calls for every pod volume).
import { defaultFieldRef } from './downward-api.js';
import { child, defaultNil, defaultZero, items, optional, type Obj } from './fields.js';

/** 0644, the file mode of configMap, secret, downwardAPI and projected volumes. */
const DEFAULT_MODE = 0o644;
const TOKEN_EXPIRATION_SECONDS = 3600;

/** A source's defaults, applied when the volume has that source. */
const SOURCE_DEFAULTS: Record<string, (source: Obj) => void> = {
  hostPath: (s) => defaultNil(s, 'type', ''),
  secret: (s) => defaultNil(s, 'defaultMode', DEFAULT_MODE),
  configMap: (s) => defaultNil(s, 'defaultMode', DEFAULT_MODE),
  downwardAPI: (s) => {
    defaultNil(s, 'defaultMode', DEFAULT_MODE);
    items(s, 'items').forEach(defaultFieldRef);
  },
  projected: (s) => {
    defaultNil(s, 'defaultMode', DEFAULT_MODE);
    for (const projection of items(s, 'sources')) {
      items(optional(projection, 'downwardAPI'), 'items').forEach(defaultFieldRef);
      const token = optional(projection, 'serviceAccountToken');
      if (token) defaultNil(token, 'expirationSeconds', TOKEN_EXPIRATION_SECONDS);
    }
  },
  iscsi: (s) => defaultZero(s, 'iscsiInterface', 'default'),
  rbd: (s) => {
    defaultZero(s, 'pool', 'rbd');
    defaultZero(s, 'user', 'admin');
    defaultZero(s, 'keyring', '/etc/ceph/keyring');
  },
  azureDisk: (s) => {
    defaultNil(s, 'cachingMode', 'ReadWrite');
    defaultNil(s, 'fsType', 'ext4');
    defaultNil(s, 'readOnly', false);
    defaultNil(s, 'kind', 'Shared');
  },
  scaleIO: (s) => {
    defaultZero(s, 'storageMode', 'ThinProvisioned');
    defaultZero(s, 'fsType', 'xfs');
  },
  ephemeral: (s) => {
    const template = optional(s, 'volumeClaimTemplate');
    if (template) defaultPersistentVolumeClaimSpec(child(template, 'spec'));
  },
};

/** SetDefaults_Volume: a volume that names no source is an emptyDir. */
export function defaultVolume(volume: Obj): void {
  const hasSource = Object.keys(volume).some((key) => key !== 'name' && volume[key] !== undefined && volume[key] !== null);
  if (!hasSource) volume.emptyDir = {};
  for (const [name, defaults] of Object.entries(SOURCE_DEFAULTS)) {
    const source = optional(volume, name);
    if (source) defaults(source);
  }
}

/** SetDefaults_PersistentVolumeClaimSpec. */
export function defaultPersistentVolumeClaimSpec(spec: Obj): void {
  defaultNil(spec, 'volumeMode', 'Filesystem');
}

/** A whole claim, as in a StatefulSet's volumeClaimTemplates (SetDefaults_PersistentVolumeClaim). */
export function defaultPersistentVolumeClaim(claim: Obj): void {
  defaultPersistentVolumeClaimSpec(child(claim, 'spec'));
  defaultZero(child(claim, 'status'), 'phase', 'Pending');
}
