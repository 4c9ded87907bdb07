import type { ResourceInfo } from '@kubeling/api';
import type { KubeObject } from '../storage/object.js';
import type { Admit } from './rest-storage.js';

type Defaulter = (obj: KubeObject) => void;

const namespaceDefaults: Defaulter = (obj) => {
  obj.spec = { finalizers: ['kubernetes'], ...(obj.spec as object) };
  obj.status = { phase: 'Active', ...(obj.status as object) };
};

const podDefaults: Defaulter = (obj) => {
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  obj.spec = { restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', enableServiceLinks: true, ...spec };
  if (!obj.status) obj.status = { phase: 'Pending' };
};

/** What defaulting adds on create, for the kinds that need it now (schemes' SetDefaults_*). */
const DEFAULTERS: Record<string, Defaulter> = {
  namespaces: namespaceDefaults,
  pods: podDefaults,
};

/** Defaulting as an admission step: only on create, never over what the client set. */
export const applyDefaults: Admit = (r: ResourceInfo, obj: KubeObject, old: KubeObject | undefined) => {
  if (!old) DEFAULTERS[r.resource]?.(obj);
};
