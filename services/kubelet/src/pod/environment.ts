// A container's environment as the kubelet makes it (makeEnvironmentVariables): envFrom first,
// then env entries in order, each overriding what came before; values expand $(VAR) against the
// variables defined so far; valueFrom reads ConfigMaps, Secrets, pod fields and resources.
import type { ConfigMap, Container, EnvFromSource, EnvVar, Pod, Secret } from 'kubernetes-types/core/v1.js';
import { isEnvVarName } from '@kubeling/api/validation/pod';
import { CreateContainerConfigError } from './errors.js';
import { expand, mappingFor } from './expansion.js';
import { podFieldValue, type PodRuntimeFields } from './field-ref.js';
import { type ObjectSource, present, secretData } from './object-source.js';
import type { ResourceList } from './quantity-values.js';
import { containerResourceValue } from './resource-field-ref.js';

export interface EnvironmentContext extends PodRuntimeFields {
  objects: ObjectSource;
  /** The node's allocatable resources: the value of a resourceFieldRef to a limit the container does not set. */
  nodeAllocatable: ResourceList;
  /** A warning event about the pod (reason, message), as the kubelet's recorder emits it. */
  onWarning?(reason: string, message: string): void;
}

/** The objects one container's environment reads, each fetched once (undefined: absent). */
class ReferencedObjects {
  private readonly configMaps = new Map<string, Promise<ConfigMap | undefined>>();
  private readonly secrets = new Map<string, Promise<Secret | undefined>>();

  constructor(
    private readonly source: ObjectSource,
    private readonly namespace: string,
  ) {}

  /** The ConfigMap, undefined if it is absent and optional; absent and required throws. */
  async configMap(name: string, optional: boolean): Promise<ConfigMap | undefined> {
    if (!this.configMaps.has(name)) this.configMaps.set(name, this.source.getConfigMap(this.namespace, name));
    return present(await this.configMaps.get(name), 'configmap', name, optional);
  }

  async secret(name: string, optional: boolean): Promise<Secret | undefined> {
    if (!this.secrets.has(name)) this.secrets.set(name, this.source.getSecret(this.namespace, name));
    return present(await this.secrets.get(name), 'secret', name, optional);
  }
}

/** Adds `entries` under the envFrom prefix, skipping names that are no valid env var names. */
function addPrefixed(env: Map<string, string>, entries: Iterable<[string, string]>, prefix: string): string[] {
  const invalid: string[] = [];
  for (const [key, value] of entries) {
    const name = prefix + key;
    if (isEnvVarName(name).length > 0) invalid.push(name);
    else env.set(name, value);
  }
  return invalid.sort();
}

/** The variables an envFrom source offers, and what to call their source in a warning. */
async function envFromEntries(source: EnvFromSource, objects: ReferencedObjects): Promise<{ kind: string; name: string; entries: Array<[string, string]> } | undefined> {
  if (source.configMapRef) {
    const { name = '', optional = false } = source.configMapRef;
    const configMap = await objects.configMap(name, optional);
    return configMap && { kind: 'configMap', name, entries: Object.entries(configMap.data ?? {}) };
  }
  if (source.secretRef) {
    const { name = '', optional = false } = source.secretRef;
    const secret = await objects.secret(name, optional);
    return secret && { kind: 'secret', name, entries: [...secretData(secret)].map(([key, value]) => [key, value.toString('utf8')]) };
  }
  return undefined;
}

async function addEnvFrom(env: Map<string, string>, source: EnvFromSource, pod: Pod, objects: ReferencedObjects, context: EnvironmentContext): Promise<void> {
  const found = await envFromEntries(source, objects);
  if (found === undefined) return;
  const invalid = addPrefixed(env, found.entries, source.prefix ?? '');
  if (invalid.length === 0) return;
  const message = `Keys [${invalid.join(', ')}] from the EnvFrom ${found.kind} ${pod.metadata?.namespace ?? ''}/${found.name} were skipped since they are considered invalid environment variable names.`;
  context.onWarning?.('InvalidEnvironmentVariableNames', message);
}

/** The value of a valueFrom entry; undefined when an optional reference is missing (the variable is skipped). */
async function valueFrom(envVar: EnvVar, pod: Pod, container: Container, objects: ReferencedObjects, context: EnvironmentContext): Promise<string | undefined> {
  const from = envVar.valueFrom!;
  const namespace = pod.metadata?.namespace ?? '';
  if (from.fieldRef) return podFieldValue(pod, from.fieldRef, context);
  if (from.resourceFieldRef) return containerResourceValue(from.resourceFieldRef, pod, container, context.nodeAllocatable);
  if (from.configMapKeyRef) {
    const { name = '', key, optional = false } = from.configMapKeyRef;
    const configMap = await objects.configMap(name, optional);
    if (configMap === undefined) return undefined;
    const value = configMap.data?.[key];
    if (value === undefined && !optional) throw new CreateContainerConfigError(`couldn't find key ${key} in ConfigMap ${namespace}/${name}`);
    return value;
  }
  if (from.secretKeyRef) {
    const { name = '', key, optional = false } = from.secretKeyRef;
    const secret = await objects.secret(name, optional);
    if (secret === undefined) return undefined;
    const value = secretData(secret).get(key)?.toString('utf8');
    if (value === undefined && !optional) throw new CreateContainerConfigError(`couldn't find key ${key} in Secret ${namespace}/${name}`);
    return value;
  }
  return '';
}

/** The container's environment, in the order the variables were first defined. */
export async function makeEnvironmentVariables(pod: Pod, container: Container, context: EnvironmentContext): Promise<Map<string, string>> {
  const objects = new ReferencedObjects(context.objects, pod.metadata?.namespace ?? '');
  const env = new Map<string, string>();
  for (const source of container.envFrom ?? []) await addEnvFrom(env, source, pod, objects, context);
  const mapping = mappingFor(env);
  for (const envVar of container.env ?? []) {
    const value = envVar.value ? expand(envVar.value, mapping) : envVar.valueFrom ? await valueFrom(envVar, pod, container, objects, context) : '';
    if (value !== undefined) env.set(envVar.name, value);
  }
  return env;
}
