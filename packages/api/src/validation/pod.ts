// Pod and pod template validation, as ValidatePodSpec, ValidatePodCreate and ValidatePodUpdate in
// pkg/apis/core/validation: the same checks, field paths and messages (Kubernetes 1.32), for the
// fields Kubeling runs. Objects arrive defaulted, so defaulted fields that are missing are errors.
import type { Container, ContainerPort, EnvVar, Pod, PodSpec, PodTemplateSpec, ResourceRequirements, Toleration, Volume, VolumeMount } from 'kubernetes-types/core/v1.js';
import { FieldPath, duplicate, forbidden, invalid, notFound, notSupported, required, type FieldError } from './field-errors.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, validateAnnotations, validateLabelName, validateLabels } from './names.js';
import { Quantity, QuantityError } from './quantity.js';

export const IS_NEGATIVE_ERROR = 'must be greater than or equal to 0';
export const FIELD_IMMUTABLE_ERROR = 'field is immutable';
const MAX_INT32 = 2 ** 31 - 1;

export function inclusiveRangeError(low: number, high: number): string {
  return `must be between ${low} and ${high}, inclusive`;
}

/** ValidateNonnegativeField. */
export function validateNonnegativeField(value: number, path: FieldPath): FieldError[] {
  return value < 0 ? [invalid(path, value, IS_NEGATIVE_ERROR)] : [];
}

/** ValidateImmutableField: the new value is reported. */
export function validateImmutableField(newValue: unknown, oldValue: unknown, path: FieldPath): FieldError[] {
  return semanticEqual(newValue, oldValue) ? [] : [invalid(path, newValue ?? null, FIELD_IMMUTABLE_ERROR)];
}

const isEmpty = (value: unknown): boolean =>
  value === undefined || value === null || (Array.isArray(value) && value.length === 0) || (isPlainObject(value) && Object.values(value).every((inner) => inner === undefined));

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * apiequality.Semantic.DeepEqual over JSON: absent, null, empty lists and empty maps are equal,
 * as Go's nil and empty slices and maps are.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isEmpty(a) || isEmpty(b)) return isEmpty(a) && isEmpty(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => semanticEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => semanticEqual(a[key], b[key]));
  }
  return a === b;
}

/** validation.IsValidPortNum. */
export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

/** validation.IsValidPortName: an IANA_SVC_NAME. */
export function isValidPortName(port: string): string[] {
  const errors: string[] = [];
  if (port.length > 15) errors.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(port)) errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errors.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errors.push('must not contain consecutive hyphens');
  if (port.startsWith('-') || port.endsWith('-')) errors.push('must not begin or end with a hyphen');
  return errors;
}

/** ValidatePortNumOrName: an IntOrString naming a port. */
export function validatePortNumOrName(port: number | string, path: FieldPath): FieldError[] {
  const messages = typeof port === 'number' ? isValidPortNum(port) : isValidPortName(port);
  return messages.map((message) => invalid(path, port, message));
}

const dns1123Label = (value: string, path: FieldPath): FieldError[] => isDNS1123Label(value).map((message) => invalid(path, value, message));
const dns1123Subdomain = (value: string, path: FieldPath): FieldError[] => isDNS1123Subdomain(value).map((message) => invalid(path, value, message));

export const SUPPORTED_PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;

function validateContainerPorts(ports: readonly ContainerPort[], path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const portPath = path.index(i);
    const name = port.name ?? '';
    if (name !== '') {
      const messages = isValidPortName(name);
      if (messages.length > 0) errors.push(...messages.map((message) => invalid(portPath.child('name'), name, message)));
      else if (names.has(name)) errors.push(duplicate(portPath.child('name'), name));
      else names.add(name);
    }
    if (!port.containerPort) errors.push(required(portPath.child('containerPort')));
    else errors.push(...isValidPortNum(port.containerPort).map((message) => invalid(portPath.child('containerPort'), port.containerPort, message)));
    if (port.hostPort) errors.push(...isValidPortNum(port.hostPort).map((message) => invalid(portPath.child('hostPort'), port.hostPort, message)));
    errors.push(...validateProtocol(port.protocol, portPath.child('protocol')));
  });
  return errors;
}

/** A port's protocol: required (it is defaulted to TCP), one of the supported ones. */
export function validateProtocol(protocol: string | undefined, path: FieldPath): FieldError[] {
  if (!protocol) return [required(path)];
  return (SUPPORTED_PORT_PROTOCOLS as readonly string[]).includes(protocol) ? [] : [notSupported(path, protocol, SUPPORTED_PORT_PROTOCOLS)];
}

const ENV_VAR_NAME_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';
const ENV_VAR_NAME_ERROR =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

/** hasChDirPrefix: names that would be relative paths. */
export function chDirPrefixErrors(value: string): string[] {
  if (value === '.') return ["must not be '.'"];
  if (value === '..') return ["must not be '..'"];
  return value.startsWith('..') ? ["must not start with '..'"] : [];
}

/** validation.IsEnvVarName. */
export function isEnvVarName(value: string): string[] {
  const errors = new RegExp(`^${ENV_VAR_NAME_FMT}$`).test(value) ? [] : [ENV_VAR_NAME_ERROR];
  return [...errors, ...chDirPrefixErrors(value)];
}

const VALUE_FROM_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'] as const;

function validateEnv(vars: readonly EnvVar[], path: FieldPath): FieldError[] {
  return vars.flatMap((envVar, i) => {
    const varPath = path.index(i);
    const nameErrors = envVar.name ? isEnvVarName(envVar.name).map((message) => invalid(varPath.child('name'), envVar.name, message)) : [required(varPath.child('name'))];
    return [...nameErrors, ...validateEnvVarValueFrom(envVar, varPath.child('valueFrom'))];
  });
}

function validateEnvVarValueFrom(envVar: EnvVar, path: FieldPath): FieldError[] {
  if (envVar.valueFrom === undefined || envVar.valueFrom === null) return [];
  const from = envVar.valueFrom as Record<string, unknown>;
  const sources = VALUE_FROM_SOURCES.filter((source) => from[source] !== undefined && from[source] !== null).length;
  if (sources === 0) return [invalid(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`')];
  if (envVar.value) return [invalid(path, '', 'may not be specified when `value` is not empty')];
  return sources > 1 ? [invalid(path, '', 'may not have more than one field specified at a time')] : [];
}

function validateVolumeMounts(mounts: readonly VolumeMount[], volumes: ReadonlySet<string>, path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  const mountPoints = new Set<string>();
  mounts.forEach((mount, i) => {
    const mountPath = path.index(i);
    if (!mount.name) errors.push(required(mountPath.child('name')));
    if (!volumes.has(mount.name ?? '')) errors.push(notFound(mountPath.child('name'), mount.name ?? ''));
    if (!mount.mountPath) errors.push(required(mountPath.child('mountPath')));
    if (mountPoints.has(mount.mountPath ?? '')) errors.push(invalid(mountPath.child('mountPath'), mount.mountPath, 'must be unique'));
    mountPoints.add(mount.mountPath ?? '');
  });
  return errors;
}

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD_INTEGER_RESOURCES = new Set(['pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers']);
const STANDARD_RESOURCES = new Set([
  ...STANDARD_CONTAINER_RESOURCES,
  ...STANDARD_INTEGER_RESOURCES,
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'storage',
  'requests.storage',
]);

const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
const isNativeResource = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
const isExtendedResource = (name: string): boolean => !isNativeResource(name) && !name.startsWith('requests.') && isQualifiedName(`requests.${name}`).length === 0;
const isOvercommitAllowed = (name: string): boolean => isNativeResource(name) && !isHugePages(name);
const isIntegerResource = (name: string): boolean => STANDARD_INTEGER_RESOURCES.has(name) || isExtendedResource(name);

/** validateContainerResourceName: cpu, memory, ephemeral-storage, hugepages-*, or an extended resource. */
function validateContainerResourceName(name: string, path: FieldPath): FieldError[] {
  const errors = isQualifiedName(name).map((message) => invalid(path, name, message));
  if (errors.length === 0 && !name.includes('/') && !STANDARD_RESOURCES.has(name) && !name.startsWith('requests.hugepages-') && !isHugePages(name)) {
    errors.push(invalid(path, name, 'must be a standard resource type or fully qualified'));
  }
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) errors.push(invalid(path, name, 'must be a standard resource for containers'));
  } else if (!isNativeResource(name) && !isExtendedResource(name)) {
    errors.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errors;
}

type ResourceList = Readonly<Record<string, unknown>>;

/** Each resource's name and quantity; the quantities that parse, for comparing requests with limits. */
function validateResourceList(list: ResourceList, path: FieldPath): { errors: FieldError[]; quantities: Map<string, Quantity> } {
  const errors: FieldError[] = [];
  const quantities = new Map<string, Quantity>();
  for (const [name, raw] of Object.entries(list)) {
    const resourcePath = path.key(name);
    errors.push(...validateContainerResourceName(name, resourcePath));
    try {
      const quantity = Quantity.fromJson(raw);
      quantities.set(name, quantity);
      errors.push(...validateResourceQuantityValue(name, quantity, resourcePath));
    } catch (error) {
      if (!(error instanceof QuantityError)) throw error;
      // Kubernetes rejects these while decoding, before validation, with the same message.
      errors.push(invalid(resourcePath, raw, error.message));
    }
  }
  return { errors, quantities };
}

/** ValidateResourceQuantityValue. */
function validateResourceQuantityValue(name: string, quantity: Quantity, path: FieldPath): FieldError[] {
  const errors = quantity.isNegative() ? [invalid(path, quantity.toString(), IS_NEGATIVE_ERROR)] : [];
  if (isIntegerResource(name) && !quantity.isInteger()) errors.push(invalid(path, quantity.toString(), 'must be an integer'));
  return errors;
}

/** ValidateContainerResourceRequirements: names, quantities, requests ≤ limits (= for resources that do not overcommit). */
export function validateResourceRequirements(resources: ResourceRequirements | undefined, path: FieldPath): FieldError[] {
  const limitsPath = path.child('limits');
  const requestsPath = path.child('requests');
  const limits = validateResourceList(resources?.limits ?? {}, limitsPath);
  const requests = validateResourceList(resources?.requests ?? {}, requestsPath);
  const errors = [...limits.errors, ...requests.errors];
  for (const [name, request] of requests.quantities) {
    const limit = limits.quantities.get(name);
    if (limit === undefined) {
      if (!isOvercommitAllowed(name) && !Object.hasOwn(resources?.limits ?? {}, name)) errors.push(required(limitsPath, 'Limit must be set for non overcommitable resources'));
    } else if (request.compare(limit) !== 0 && !isOvercommitAllowed(name)) {
      errors.push(invalid(requestsPath, request.toString(), `must be equal to ${name} limit of ${limit}`));
    } else if (request.compare(limit) > 0) {
      errors.push(invalid(requestsPath, request.toString(), `must be less than or equal to ${name} limit of ${limit}`));
    }
  }
  return errors;
}

const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'] as const;
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;

/** A required, defaulted enumeration (validateRestartPolicy, validateDNSPolicy, validatePullPolicy). */
function validateEnum(value: string | undefined, supported: readonly string[], path: FieldPath): FieldError[] {
  if (!value) return [required(path)];
  return supported.includes(value) ? [] : [notSupported(path, value, supported)];
}

/** validateContainerCommon: what every container, regular or init, must satisfy. */
function validateContainerCommon(container: Container, volumes: ReadonlySet<string>, path: FieldPath): FieldError[] {
  const errors: FieldError[] = container.name ? dns1123Label(container.name, path.child('name')) : [required(path.child('name'))];
  if (!container.image) errors.push(required(path.child('image')));
  if (container.terminationMessagePolicy !== undefined) errors.push(...validateEnum(container.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES, path.child('terminationMessagePolicy')));
  return [
    ...errors,
    ...validateContainerPorts(container.ports ?? [], path.child('ports')),
    ...validateEnv(container.env ?? [], path.child('env')),
    ...validateVolumeMounts(container.volumeMounts ?? [], volumes, path.child('volumeMounts')),
    ...validateEnum(container.imagePullPolicy, PULL_POLICIES, path.child('imagePullPolicy')),
    ...validateResourceRequirements(container.resources, path.child('resources')),
  ];
}

/** checkHostPortConflicts: a protocol/hostIP/hostPort triple may be used once. */
function checkHostPortConflicts(containers: readonly Container[], path: FieldPath, seen = new Set<string>()): FieldError[] {
  return containers.flatMap((container, ci) =>
    (container.ports ?? []).flatMap((port, pi) => {
      if (!port.hostPort) return [];
      const key = `${port.protocol ?? ''}/${port.hostIP ?? ''}/${port.hostPort}`;
      if (seen.has(key)) return [duplicate(path.index(ci).child('ports').index(pi).child('hostPort'), key)];
      seen.add(key);
      return [];
    }),
  );
}

function validateContainers(containers: readonly Container[], volumes: ReadonlySet<string>, path: FieldPath): FieldError[] {
  if (containers.length === 0) return [required(path)];
  const names = new Set<string>();
  const errors = containers.flatMap((container, i) => {
    const containerPath = path.index(i);
    const own = validateContainerCommon(container, volumes, containerPath);
    if (names.has(container.name)) own.push(duplicate(containerPath.child('name'), container.name));
    names.add(container.name);
    if (container.restartPolicy !== undefined) own.push(forbidden(containerPath.child('restartPolicy'), 'may not be set for non-init containers'));
    return own;
  });
  return [...errors, ...checkHostPortConflicts(containers, path)];
}

const INIT_ONLY_FORBIDDEN = ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const;

function validateInitContainers(containers: readonly Container[], regular: readonly Container[], volumes: ReadonlySet<string>, path: FieldPath): FieldError[] {
  const names = new Set(regular.map((container) => container.name));
  return containers.flatMap((container, i) => {
    const containerPath = path.index(i);
    const errors = validateContainerCommon(container, volumes, containerPath);
    if (container.restartPolicy !== undefined && container.restartPolicy !== 'Always') {
      errors.push(notSupported(containerPath.child('restartPolicy'), container.restartPolicy, ['Always']));
    }
    if (names.has(container.name)) errors.push(duplicate(containerPath.child('name'), container.name));
    else if (container.name) names.add(container.name);
    // Init containers run one at a time, so host ports only conflict within one.
    errors.push(...checkHostPortConflicts([container], path));
    if (container.restartPolicy !== 'Always') {
      for (const field of INIT_ONLY_FORBIDDEN) {
        if (container[field] !== undefined) errors.push(forbidden(containerPath.child(field), 'may not be set for init containers without restartPolicy=Always'));
      }
    }
    return errors;
  });
}

/** The volume sources in the order Kubernetes checks them, with the path names it reports. */
const VOLUME_SOURCES: readonly (readonly [string, string])[] = [
  ['emptyDir', 'emptyDir'],
  ['hostPath', 'hostPath'],
  ['gitRepo', 'gitRepo'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['secret', 'secret'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'],
  ['downwardAPI', 'downwarAPI'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'],
  ['projected', 'projected'],
  ['scaleIO', 'scaleIO'],
  ['csi', 'csi'],
  ['ephemeral', 'ephemeral'],
  ['image', 'image'],
];

/** validateVolumeSource, for its one rule that matters everywhere: exactly one source. */
function validateVolumeSource(volume: Volume, path: FieldPath): FieldError[] {
  const source = volume as unknown as Record<string, unknown>;
  const present = VOLUME_SOURCES.filter(([key]) => source[key] !== undefined && source[key] !== null);
  if (present.length === 0) return [required(path, 'must specify a volume type')];
  return present.slice(1).map(([, pathName]) => forbidden(path.child(pathName), 'may not specify more than 1 volume type'));
}

/** ValidateVolumes: the names of the valid volumes, which volume mounts may refer to. */
function validateVolumes(volumes: readonly Volume[], path: FieldPath): { errors: FieldError[]; names: Set<string> } {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  volumes.forEach((volume, i) => {
    const volumePath = path.index(i);
    const namePath = volumePath.child('name');
    const own = validateVolumeSource(volume, volumePath);
    own.push(...(volume.name ? dns1123Label(volume.name, namePath) : [required(namePath)]));
    if (names.has(volume.name)) own.push(duplicate(namePath, volume.name));
    if (own.length === 0) names.add(volume.name);
    errors.push(...own);
  });
  return { errors, names };
}

const TOLERATION_OPERATORS = ['Equal', 'Exists'] as const;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

/** ValidateTolerations. */
export function validateTolerations(tolerations: readonly Toleration[], path: FieldPath): FieldError[] {
  return tolerations.flatMap((toleration, i) => {
    const tolerationPath = path.index(i);
    const key = toleration.key ?? '';
    const operator = toleration.operator ?? '';
    const value = toleration.value ?? '';
    const effect = toleration.effect ?? '';
    const errors = key === '' ? [] : validateLabelName(key, tolerationPath.child('key'));
    if (key === '' && operator !== 'Exists') {
      errors.push(invalid(tolerationPath.child('operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (toleration.tolerationSeconds !== undefined && effect !== 'NoExecute') {
      errors.push(invalid(tolerationPath.child('effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (operator === 'Equal' || operator === '') {
      const messages = isValidLabelValue(value);
      if (messages.length > 0) errors.push(invalid(tolerationPath.child('operator'), value, messages.join(';')));
    } else if (operator === 'Exists') {
      if (value !== '') errors.push(invalid(tolerationPath.child('operator'), value, "value must be empty when `operator` is 'Exists'"));
    } else {
      errors.push(notSupported(tolerationPath.child('operator'), operator, TOLERATION_OPERATORS));
    }
    if (effect !== '' && !(TAINT_EFFECTS as readonly string[]).includes(effect)) errors.push(notSupported(tolerationPath.child('effect'), effect, TAINT_EFFECTS));
    return errors;
  });
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'] as const;
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'] as const;

/** ValidatePodSpec. */
export function validatePodSpec(spec: PodSpec, path: FieldPath): FieldError[] {
  const errors: FieldError[] = spec.terminationGracePeriodSeconds === undefined ? [required(path.child('terminationGracePeriodSeconds'))] : [];
  const volumes = validateVolumes(spec.volumes ?? [], path.child('volumes'));
  errors.push(
    ...volumes.errors,
    ...validateContainers(spec.containers ?? [], volumes.names, path.child('containers')),
    ...validateInitContainers(spec.initContainers ?? [], spec.containers ?? [], volumes.names, path.child('initContainers')),
    ...validateEnum(spec.restartPolicy, RESTART_POLICIES, path.child('restartPolicy')),
    ...validateEnum(spec.dnsPolicy, DNS_POLICIES, path.child('dnsPolicy')),
    ...validateLabels(spec.nodeSelector, path.child('nodeSelector')),
  );
  if (spec.serviceAccountName) errors.push(...dns1123Subdomain(spec.serviceAccountName, path.child('serviceAccountName')));
  if (spec.nodeName) errors.push(...dns1123Subdomain(spec.nodeName, path.child('nodeName')));
  const deadline = spec.activeDeadlineSeconds;
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32)) errors.push(invalid(path.child('activeDeadlineSeconds'), deadline, inclusiveRangeError(1, MAX_INT32)));
  if (spec.hostname) errors.push(...dns1123Label(spec.hostname, path.child('hostname')));
  if (spec.subdomain) errors.push(...dns1123Label(spec.subdomain, path.child('subdomain')));
  errors.push(...validateTolerations(spec.tolerations ?? [], path.child('tolerations')));
  return errors;
}

/** ValidatePodTemplateSpec: the template's labels and annotations, then its pod spec. */
export function validatePodTemplateSpec(template: PodTemplateSpec | undefined, path: FieldPath): FieldError[] {
  const metadata = template?.metadata ?? {};
  const specPath = path.child('spec');
  const errors = [...validateLabels(metadata.labels, path.child('labels')), ...validateAnnotations(metadata.annotations, path.child('annotations'))];
  errors.push(...validatePodSpec(template?.spec ?? { containers: [] }, specPath));
  if ((template?.spec?.ephemeralContainers ?? []).length > 0) errors.push(forbidden(specPath.child('ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  return errors;
}

/** validateContainersOnlyForPod: a pod's (not a template's) images have no surrounding blanks. */
function validateImagesTrimmed(containers: readonly Container[], path: FieldPath): FieldError[] {
  return containers.flatMap((container, i) =>
    container.image !== undefined && container.image.trim() !== container.image ? [invalid(path.index(i).child('image'), container.image, 'must not have leading or trailing whitespace')] : [],
  );
}

/** The spec part of validatePodMetadataAndSpec. */
function validatePodSpecOfPod(spec: PodSpec): FieldError[] {
  const specPath = FieldPath.of('spec');
  return [
    ...validatePodSpec(spec, specPath),
    ...validateImagesTrimmed(spec.containers ?? [], specPath.child('containers')),
    ...validateImagesTrimmed(spec.initContainers ?? [], specPath.child('initContainers')),
  ];
}

/** ValidatePodCreate, without metadata (the caller validates that for every kind). */
export function validatePodCreate(pod: Pod): FieldError[] {
  const spec = pod.spec ?? { containers: [] };
  const errors = validatePodSpecOfPod(spec);
  if ((spec.ephemeralContainers ?? []).length > 0) errors.push(forbidden(FieldPath.of('spec', 'ephemeralContainers'), 'cannot be set on create'));
  if (spec.nodeName && (spec.schedulingGates ?? []).length > 0) errors.push(forbidden(FieldPath.of('spec', 'nodeName'), 'cannot be set until all schedulingGates have been cleared'));
  return errors;
}

const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/** ValidateContainerUpdates: the same number of containers, each with an image. */
function validateContainerUpdates(containers: readonly Container[], old: readonly Container[], path: FieldPath): { errors: FieldError[]; stop: boolean } {
  if (containers.length !== old.length) return { errors: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errors = containers.flatMap((container, i) => {
    const imagePath = path.index(i).child('image');
    const image = container.image ?? '';
    return [...(image === '' ? [required(imagePath)] : []), ...(image.trim() !== image ? [invalid(imagePath, image, 'must not have leading or trailing whitespace')] : [])];
  });
  return { errors, stop: false };
}

/** validateOnlyAddedTolerations: existing tolerations stay, except for their tolerationSeconds. */
function validateOnlyAddedTolerations(tolerations: readonly Toleration[], old: readonly Toleration[], path: FieldPath): FieldError[] {
  const kept = old.every((existing) => tolerations.some((toleration) => semanticEqual({ ...existing, tolerationSeconds: toleration.tolerationSeconds }, toleration)));
  if (!kept) return [forbidden(path, 'existing toleration can not be modified except its tolerationSeconds')];
  return validateTolerations(tolerations, path);
}

function validateActiveDeadlineUpdate(deadline: number | undefined, old: number | undefined, path: FieldPath): { errors: FieldError[]; stop: boolean } {
  if (deadline === undefined) return { errors: old === undefined ? [] : [invalid(path, null, 'must not update from a positive integer to nil value')], stop: false };
  if (deadline < 0 || deadline > MAX_INT32) return { errors: [invalid(path, deadline, inclusiveRangeError(0, MAX_INT32))], stop: true };
  if (old !== undefined && old < deadline) return { errors: [invalid(path, deadline, 'must be less than or equal to previous value')], stop: true };
  return { errors: [], stop: false };
}

/** The new spec with the fields a pod update may change taken from the old one. */
function mungePodSpec(spec: PodSpec, old: PodSpec): PodSpec {
  const withOldImages = (containers: Container[] | undefined, oldContainers: Container[] | undefined): Container[] | undefined =>
    containers?.map((container, i) => ({ ...container, image: oldContainers?.[i]?.image ?? container.image }));
  const munged: PodSpec = {
    ...spec,
    containers: withOldImages(spec.containers, old.containers) ?? [],
    initContainers: withOldImages(spec.initContainers, old.initContainers),
    activeDeadlineSeconds: old.activeDeadlineSeconds,
    schedulingGates: old.schedulingGates,
    tolerations: old.tolerations,
  };
  const oldGrace = old.terminationGracePeriodSeconds;
  if (oldGrace !== undefined && oldGrace < 0 && spec.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = oldGrace;
  return munged;
}

/** The changed top-level spec fields, old and new, in place of the cmp.Diff Kubernetes appends. */
function specDiff(old: PodSpec, munged: PodSpec): string {
  const before = old as unknown as Record<string, unknown>;
  const after = munged as unknown as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => !semanticEqual(before[key], after[key])).sort();
  return keys.map((key) => `- ${key}: ${JSON.stringify(before[key] ?? null)}\n+ ${key}: ${JSON.stringify(after[key] ?? null)}`).join('\n');
}

/** ValidatePodUpdate, without metadata: only images, activeDeadlineSeconds, added tolerations and a negative grace period may change. */
export function validatePodUpdate(pod: Pod, oldPod: Pod): FieldError[] {
  const spec = pod.spec ?? { containers: [] };
  const old = oldPod.spec ?? { containers: [] };
  const specPath = FieldPath.of('spec');
  const errors = validatePodSpecOfPod(spec);
  for (const [field, path] of [['containers', 'containers'], ['initContainers', 'initContainers']] as const) {
    const update = validateContainerUpdates(spec[field] ?? [], old[field] ?? [], specPath.child(path));
    errors.push(...update.errors);
    if (update.stop) return errors;
  }
  const deadline = validateActiveDeadlineUpdate(spec.activeDeadlineSeconds, old.activeDeadlineSeconds, specPath.child('activeDeadlineSeconds'));
  errors.push(...deadline.errors);
  if (deadline.stop) return errors;
  errors.push(...validateOnlyAddedTolerations(spec.tolerations ?? [], old.tolerations ?? [], specPath.child('tolerations')));
  const munged = mungePodSpec(spec, old);
  if (!semanticEqual(munged, old)) {
    errors.push(forbidden(specPath, `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${specDiff(old, munged)}`));
  }
  return errors;
}
