/**
 * Strategic-merge-patch metadata of the built-in kinds: the `patchStrategy` and `patchMergeKey`
 * struct tags of k8s.io/api, as a tree of schemas. Only fields that carry a tag, or lead to one,
 * are listed; every other field is patched with the defaults (maps merged, lists replaced).
 */

/** How one field is patched. */
export interface FieldPatchMeta {
  /** `patchStrategy:"merge"` (lists merged, by mergeKey for lists of objects) or `"replace"` (objects replaced whole). */
  readonly strategy?: 'merge' | 'replace';
  /** `patchStrategy:"...,retainKeys"`: kubectl sends `$retainKeys` for this object (or each list item). */
  readonly retainKeys?: boolean;
  /** `patchMergeKey`: the key that identifies an item of a merged list of objects. */
  readonly mergeKey?: string;
  /** Schema of the value, or of each item for a list. */
  readonly schema?: PatchSchema;
}

/** The patch metadata of one Go type. */
export interface PatchSchema {
  /** Go type name. */
  readonly name: string;
  /** A Go map (labels, data, ...): its keys are data, not fields. */
  readonly isMap?: boolean;
  readonly fields?: Readonly<Record<string, FieldPatchMeta>>;
}

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

const UNTAGGED: FieldPatchMeta = {};

/** The metadata of `key` in an object of type `schema`; untagged fields get `{}`. */
export function fieldPatchMeta(schema: PatchSchema | undefined, key: string): FieldPatchMeta {
  return schema?.fields?.[key] ?? UNTAGGED;
}

/** The metadata at a field path (list items are stepped through transparently), e.g. `['spec', 'template', 'spec', 'containers', 'env']`. */
export function patchMetaAt(schema: PatchSchema, path: readonly string[]): FieldPatchMeta {
  let meta: FieldPatchMeta = { schema };
  for (const key of path) meta = fieldPatchMeta(meta.schema, key);
  return meta;
}

/** The schema of a built-in kind, or undefined for kinds the apiserver cannot strategic-merge (custom resources). */
export function patchSchemaFor(gvk: GroupVersionKind): PatchSchema | undefined {
  return BUILT_IN_KINDS.get(`${gvk.group}/${gvk.version}/${gvk.kind}`);
}

function struct(name: string, fields: Record<string, FieldPatchMeta>): PatchSchema {
  return { name, fields };
}

function goMap(name: string): PatchSchema {
  return { name, isMap: true };
}

function mergeList(mergeKey?: string, schema?: PatchSchema): FieldPatchMeta {
  return { strategy: 'merge', mergeKey, schema };
}

function mergeListRetainingKeys(mergeKey: string): FieldPatchMeta {
  return { strategy: 'merge', retainKeys: true, mergeKey };
}

function field(schema: PatchSchema): FieldPatchMeta {
  return { schema };
}

const stringMap = field(goMap('map[string]string'));
const resourceList = field(goMap('ResourceList'));
const byType = mergeList('type');
const statusWithConditions = (name: string) => field(struct(name, { conditions: byType }));

const objectMeta = field(
  struct('ObjectMeta', {
    labels: stringMap,
    annotations: stringMap,
    finalizers: mergeList(),
    ownerReferences: mergeList('uid'),
  }),
);

const container = struct('Container', {
  ports: mergeList('containerPort'),
  env: mergeList('name'),
  volumeMounts: mergeList('mountPath'),
  volumeDevices: mergeList('devicePath'),
  resources: field(struct('ResourceRequirements', { limits: resourceList, requests: resourceList })),
});

const podSpec = struct('PodSpec', {
  volumes: mergeListRetainingKeys('name'),
  initContainers: mergeList('name', container),
  containers: mergeList('name', container),
  ephemeralContainers: mergeList('name', container),
  imagePullSecrets: mergeList('name'),
  hostAliases: mergeList('ip'),
  topologySpreadConstraints: mergeList('topologyKey'),
  schedulingGates: mergeList('name'),
  resourceClaims: mergeListRetainingKeys('name'),
  nodeSelector: stringMap,
  overhead: resourceList,
});

const podStatus = struct('PodStatus', {
  conditions: byType,
  hostIPs: mergeList('ip'),
  podIPs: mergeList('ip'),
  resourceClaimStatuses: mergeListRetainingKeys('name'),
});

const podTemplateSpec = field(struct('PodTemplateSpec', { metadata: objectMeta, spec: field(podSpec) }));
const labelSelector = struct('LabelSelector', { matchLabels: stringMap });

function kind(name: string, fields: Record<string, FieldPatchMeta> = {}): PatchSchema {
  return struct(name, { metadata: objectMeta, ...fields });
}

/** A workload whose spec holds a pod template. */
function workload(name: string, specFields: Record<string, FieldPatchMeta> = {}): PatchSchema {
  return kind(name, {
    spec: field(struct(`${name}Spec`, { selector: field(labelSelector), template: podTemplateSpec, ...specFields })),
    status: statusWithConditions(`${name}Status`),
  });
}

const jobSpec = field(struct('JobSpec', { selector: field(labelSelector), template: podTemplateSpec }));

const webhook = struct('Webhook', { matchConditions: mergeList('name') });

const CORE: Record<string, PatchSchema> = {
  Pod: kind('Pod', { spec: field(podSpec), status: field(podStatus) }),
  PodTemplate: kind('PodTemplate', { template: podTemplateSpec }),
  ReplicationController: kind('ReplicationController', {
    spec: field(struct('ReplicationControllerSpec', { selector: stringMap, template: podTemplateSpec })),
    status: statusWithConditions('ReplicationControllerStatus'),
  }),
  Service: kind('Service', {
    spec: field(struct('ServiceSpec', { ports: mergeList('port'), selector: stringMap })),
    status: statusWithConditions('ServiceStatus'),
  }),
  Node: kind('Node', {
    spec: field(struct('NodeSpec', { podCIDRs: mergeList() })),
    status: field(
      struct('NodeStatus', {
        conditions: byType,
        addresses: mergeList('type'),
        capacity: resourceList,
        allocatable: resourceList,
      }),
    ),
  }),
  Namespace: kind('Namespace', { status: statusWithConditions('NamespaceStatus') }),
  ConfigMap: kind('ConfigMap', { data: stringMap, binaryData: field(goMap('map[string][]byte')) }),
  Secret: kind('Secret', { data: field(goMap('map[string][]byte')), stringData: stringMap }),
  ServiceAccount: kind('ServiceAccount', { secrets: mergeList('name') }),
  PersistentVolumeClaim: kind('PersistentVolumeClaim', { status: statusWithConditions('PersistentVolumeClaimStatus') }),
  PersistentVolume: kind('PersistentVolume', {
    spec: field(struct('PersistentVolumeSpec', { capacity: resourceList })),
  }),
  ResourceQuota: kind('ResourceQuota', {
    spec: field(struct('ResourceQuotaSpec', { hard: resourceList })),
    status: field(struct('ResourceQuotaStatus', { hard: resourceList, used: resourceList })),
  }),
  ComponentStatus: kind('ComponentStatus', { conditions: byType }),
  Binding: kind('Binding'),
  Endpoints: kind('Endpoints'),
  Event: kind('Event'),
  LimitRange: kind('LimitRange'),
};

const APPS: Record<string, PatchSchema> = {
  Deployment: workload('Deployment', { strategy: { retainKeys: true } }),
  ReplicaSet: workload('ReplicaSet'),
  StatefulSet: workload('StatefulSet'),
  DaemonSet: workload('DaemonSet'),
  ControllerRevision: kind('ControllerRevision'),
};

const BATCH: Record<string, PatchSchema> = {
  Job: kind('Job', { spec: jobSpec, status: statusWithConditions('JobStatus') }),
  CronJob: kind('CronJob', {
    spec: field(
      struct('CronJobSpec', { jobTemplate: field(struct('JobTemplateSpec', { metadata: objectMeta, spec: jobSpec })) }),
    ),
  }),
};

const hpaWithConditions = kind('HorizontalPodAutoscaler', {
  status: statusWithConditions('HorizontalPodAutoscalerStatus'),
});

/** Kinds whose types carry no tags below ObjectMeta. */
const PLAIN: ReadonlyArray<[string, readonly string[]]> = [
  ['autoscaling/v1', ['HorizontalPodAutoscaler', 'Scale']],
  ['policy/v1', ['Eviction']],
  ['networking.k8s.io/v1', ['Ingress', 'IngressClass', 'NetworkPolicy']],
  ['rbac.authorization.k8s.io/v1', ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']],
  ['coordination.k8s.io/v1', ['Lease']],
  ['discovery.k8s.io/v1', ['EndpointSlice']],
  ['events.k8s.io/v1', ['Event']],
  ['scheduling.k8s.io/v1', ['PriorityClass']],
  ['node.k8s.io/v1', ['RuntimeClass']],
  ['storage.k8s.io/v1', ['StorageClass', 'CSIDriver', 'VolumeAttachment']],
  ['certificates.k8s.io/v1', ['CertificateSigningRequest']],
  ['apiextensions.k8s.io/v1', ['CustomResourceDefinition']],
  ['apiregistration.k8s.io/v1', ['APIService']],
];

const OTHER: Record<string, Record<string, PatchSchema>> = {
  'autoscaling/v2': { HorizontalPodAutoscaler: hpaWithConditions },
  'policy/v1': {
    PodDisruptionBudget: kind('PodDisruptionBudget', {
      spec: field(struct('PodDisruptionBudgetSpec', { selector: { strategy: 'replace' } })),
      status: statusWithConditions('PodDisruptionBudgetStatus'),
    }),
  },
  'networking.k8s.io/v1': { ServiceCIDR: kind('ServiceCIDR', { status: statusWithConditions('ServiceCIDRStatus') }) },
  'storage.k8s.io/v1': {
    CSINode: kind('CSINode', { spec: field(struct('CSINodeSpec', { drivers: mergeList('name') })) }),
  },
  'flowcontrol.apiserver.k8s.io/v1': {
    FlowSchema: kind('FlowSchema', { status: statusWithConditions('FlowSchemaStatus') }),
    PriorityLevelConfiguration: kind('PriorityLevelConfiguration', {
      status: statusWithConditions('PriorityLevelConfigurationStatus'),
    }),
  },
  'admissionregistration.k8s.io/v1': {
    ValidatingWebhookConfiguration: kind('ValidatingWebhookConfiguration', { webhooks: mergeList('name', webhook) }),
    MutatingWebhookConfiguration: kind('MutatingWebhookConfiguration', { webhooks: mergeList('name', webhook) }),
    ValidatingAdmissionPolicy: kind('ValidatingAdmissionPolicy', {
      spec: field(
        struct('ValidatingAdmissionPolicySpec', { matchConditions: mergeList('name'), variables: mergeList('name') }),
      ),
    }),
  },
};

function buildRegistry(): Map<string, PatchSchema> {
  const registry = new Map<string, PatchSchema>();
  const add = (groupVersion: string, kinds: Record<string, PatchSchema>) => {
    const prefix = groupVersion.includes('/') ? groupVersion : `/${groupVersion}`;
    for (const [name, schema] of Object.entries(kinds)) registry.set(`${prefix}/${name}`, schema);
  };
  add('v1', CORE);
  add('apps/v1', APPS);
  add('batch/v1', BATCH);
  for (const [groupVersion, names] of PLAIN) add(groupVersion, Object.fromEntries(names.map((n) => [n, kind(n)])));
  for (const [groupVersion, kinds] of Object.entries(OTHER)) add(groupVersion, kinds);
  return registry;
}

const BUILT_IN_KINDS = buildRegistry();
