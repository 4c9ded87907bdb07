/** A subresource as discovery advertises it, and what it answers with. */
export interface SubresourceInfo {
  name: string;
  kind: string;
  /** The group/version of `kind` when it is not the parent's (Scale is autoscaling/v1, Eviction policy/v1). */
  group?: string;
  version?: string;
  verbs: string[];
}

/** A served resource: its REST names, its kind, its scope and what discovery says of it. */
export interface ResourceInfo {
  group: string;
  version: string;
  /** The plural, lower-case REST name: "pods". */
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  subresources: SubresourceInfo[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS = (kind: string): SubresourceInfo => ({ name: 'status', kind, verbs: ['get', 'patch', 'update'] });
const SCALE: SubresourceInfo = { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] };

interface Spec {
  resource: string;
  kind: string;
  namespaced?: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs?: string[];
  subresources?: SubresourceInfo[];
  /** Has a status subresource (most workload kinds do). */
  status?: boolean;
}

function group(groupName: string, version: string, specs: Spec[]): ResourceInfo[] {
  return specs.map((s) => ({
    group: groupName,
    version,
    resource: s.resource,
    kind: s.kind,
    singular: s.kind.toLowerCase(),
    namespaced: s.namespaced ?? true,
    shortNames: s.shortNames ?? [],
    categories: s.categories ?? [],
    verbs: s.verbs ?? ALL_VERBS,
    subresources: [...(s.status ? [STATUS(s.kind)] : []), ...(s.subresources ?? [])],
  }));
}

/** The built-in resources this apiserver serves, as Kubernetes 1.32 names them. */
export const BUILTIN_RESOURCES: readonly ResourceInfo[] = [
  ...group('', 'v1', [
    {
      resource: 'namespaces',
      kind: 'Namespace',
      namespaced: false,
      shortNames: ['ns'],
      status: true,
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      subresources: [{ name: 'finalize', kind: 'Namespace', verbs: ['update'] }],
    },
    {
      resource: 'pods',
      kind: 'Pod',
      shortNames: ['po'],
      categories: ['all'],
      status: true,
      subresources: [
        { name: 'binding', kind: 'Binding', verbs: ['create'] },
        { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
        { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
        { name: 'log', kind: 'Pod', verbs: ['get'] },
      ],
    },
    { resource: 'services', kind: 'Service', shortNames: ['svc'], categories: ['all'], status: true, verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] },
    { resource: 'endpoints', kind: 'Endpoints', shortNames: ['ep'] },
    { resource: 'nodes', kind: 'Node', namespaced: false, shortNames: ['no'], status: true },
    { resource: 'configmaps', kind: 'ConfigMap', shortNames: ['cm'] },
    { resource: 'secrets', kind: 'Secret' },
    { resource: 'events', kind: 'Event', shortNames: ['ev'] },
    { resource: 'serviceaccounts', kind: 'ServiceAccount', shortNames: ['sa'] },
    { resource: 'limitranges', kind: 'LimitRange', shortNames: ['limits'] },
    { resource: 'resourcequotas', kind: 'ResourceQuota', shortNames: ['quota'], status: true },
    { resource: 'replicationcontrollers', kind: 'ReplicationController', shortNames: ['rc'], categories: ['all'], status: true, subresources: [SCALE] },
  ]),
  ...group('apps', 'v1', [
    { resource: 'deployments', kind: 'Deployment', shortNames: ['deploy'], categories: ['all'], status: true, subresources: [SCALE] },
    { resource: 'replicasets', kind: 'ReplicaSet', shortNames: ['rs'], categories: ['all'], status: true, subresources: [SCALE] },
    { resource: 'daemonsets', kind: 'DaemonSet', shortNames: ['ds'], categories: ['all'], status: true },
    { resource: 'statefulsets', kind: 'StatefulSet', shortNames: ['sts'], categories: ['all'], status: true, subresources: [SCALE] },
    { resource: 'controllerrevisions', kind: 'ControllerRevision' },
  ]),
  ...group('batch', 'v1', [
    { resource: 'jobs', kind: 'Job', categories: ['all'], status: true },
    { resource: 'cronjobs', kind: 'CronJob', shortNames: ['cj'], categories: ['all'], status: true },
  ]),
  ...group('coordination.k8s.io', 'v1', [{ resource: 'leases', kind: 'Lease' }]),
  ...group('discovery.k8s.io', 'v1', [{ resource: 'endpointslices', kind: 'EndpointSlice' }]),
  ...group('autoscaling', 'v2', [{ resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', shortNames: ['hpa'], categories: ['all'], status: true }]),
  ...group('policy', 'v1', [{ resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', shortNames: ['pdb'], status: true }]),
  ...group('rbac.authorization.k8s.io', 'v1', [
    { resource: 'roles', kind: 'Role' },
    { resource: 'rolebindings', kind: 'RoleBinding' },
    { resource: 'clusterroles', kind: 'ClusterRole', namespaced: false },
    { resource: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
  ]),
];

/** "apps/v1", or "v1" for the core group. */
export function groupVersion(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** Looks resources up by group/version and plural name. */
export class ResourceRegistry {
  private readonly byPath = new Map<string, ResourceInfo>();

  constructor(readonly all: readonly ResourceInfo[] = BUILTIN_RESOURCES) {
    for (const r of all) this.byPath.set(`${groupVersion(r)}/${r.resource}`, r);
  }

  lookup(group: string, version: string, resource: string): ResourceInfo | undefined {
    return this.byPath.get(`${groupVersion({ group, version })}/${resource}`);
  }

  /** Group names in the order discovery lists them, each with its versions. */
  groups(): Array<{ group: string; versions: string[] }> {
    const out = new Map<string, string[]>();
    for (const r of this.all) {
      const versions = out.get(r.group) ?? [];
      if (!versions.includes(r.version)) versions.push(r.version);
      out.set(r.group, versions);
    }
    return [...out].map(([g, versions]) => ({ group: g, versions }));
  }

  inGroupVersion(group: string, version: string): ResourceInfo[] {
    return this.all.filter((r) => r.group === group && r.version === version);
  }
}
