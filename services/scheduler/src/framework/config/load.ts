// Reading a KubeSchedulerConfiguration file (kubescheduler.config.k8s.io/v1) the way
// kube-scheduler does: strict decoding, kube-scheduler's defaults, then validation, with every
// error naming its field, e.g. `profiles[0].pluginConfig[0].args.scoringStrategy.type: Unsupported value: ...`.
import { parseDocument } from 'yaml';
import { aggregateMessage, duplicate, FieldPath, forbidden, invalid, notFound, required } from '@kubeling/api/validation/field-errors';
import type { Registry } from '../registry.js';
import { Decoder, type RawObject } from './decode.js';
import { defaultPlugins, mergePlugins, withEveryPoint } from './defaults.js';
import {
  API_VERSION,
  DEFAULT_SCHEDULER_NAME,
  EXTENSION_POINTS,
  KIND,
  type KubeSchedulerConfiguration,
  type PluginRef,
  type Plugins,
  type PluginSet,
  type Profile,
} from './types.js';

/** A configuration that cannot be used; `errors` lists every problem found. */
export class ConfigError extends Error {
  override name = 'ConfigError';

  constructor(readonly errors: readonly string[]) {
    super(aggregateMessage(errors));
  }
}

/** kube-scheduler extension points whose plugins this scheduler does not run (its loop sorts, binds, preempts). */
const UNSUPPORTED_POINTS = ['preEnqueue', 'queueSort', 'postFilter', 'permit', 'preBind', 'postBind'];

/** The configuration kube-scheduler runs with when given none: one default-scheduler profile. */
export function defaultKubeSchedulerConfiguration(): KubeSchedulerConfiguration {
  return { percentageOfNodesToScore: 0, profiles: [defaultProfile(DEFAULT_SCHEDULER_NAME)] };
}

function defaultProfile(schedulerName: string): Profile {
  return { schedulerName, plugins: defaultPlugins(), pluginConfig: new Map() };
}

/** Parses, defaults and validates a configuration file; throws ConfigError naming each bad field. */
export function loadKubeSchedulerConfiguration(text: string, registry: Registry): KubeSchedulerConfiguration {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new ConfigError(document.errors.map((error) => `yaml: ${error.message}`));
  const decoder = new Decoder();
  const config = decodeConfiguration(document.toJS() as unknown, decoder, registry);
  if (decoder.errors.length > 0) throw new ConfigError(decoder.errors);
  return config;
}

function decodeConfiguration(raw: unknown, decoder: Decoder, registry: Registry): KubeSchedulerConfiguration {
  const root = decoder.object(raw, undefined, ['apiVersion', 'kind', 'percentageOfNodesToScore', 'profiles']) ?? {};
  checkTypeMeta(root, decoder);
  const percentageOfNodesToScore = decodePercentage(root.percentageOfNodesToScore, FieldPath.of('percentageOfNodesToScore'), decoder) ?? 0;
  const profilesPath = FieldPath.of('profiles');
  const rawProfiles = decoder.list(root.profiles, profilesPath);
  // A single profile may leave its name out; with several, each must be named.
  const profiles = rawProfiles.map((profile, i) => decodeProfile(profile, profilesPath.index(i), rawProfiles.length === 1, decoder, registry));
  checkUniqueSchedulerNames(profiles, profilesPath, decoder);
  return { percentageOfNodesToScore, profiles: profiles.length === 0 ? [defaultProfile(DEFAULT_SCHEDULER_NAME)] : profiles };
}

function checkTypeMeta(root: RawObject, decoder: Decoder): void {
  const expected: [string, string][] = [
    ['apiVersion', API_VERSION],
    ['kind', KIND],
  ];
  for (const [field, value] of expected) {
    const path = FieldPath.of(field);
    const actual = decoder.string(root[field], path);
    if (root[field] === undefined) decoder.fieldError(required(path));
    else if (actual !== undefined && actual !== value) decoder.fieldError(invalid(path, actual, `must be "${value}"`));
  }
}

function decodePercentage(raw: unknown, path: FieldPath, decoder: Decoder): number | undefined {
  const percentage = decoder.integer(raw, path);
  if (percentage !== undefined && (percentage < 0 || percentage > 100)) decoder.fieldError(invalid(path, percentage, 'not in valid range [0-100]'));
  return percentage;
}

function decodeProfile(raw: unknown, path: FieldPath, single: boolean, decoder: Decoder, registry: Registry): Profile {
  const profile = decoder.object(raw, path, ['schedulerName', 'percentageOfNodesToScore', 'plugins', 'pluginConfig']) ?? {};
  const namePath = path.child('schedulerName');
  const schedulerName = single && profile.schedulerName == null ? DEFAULT_SCHEDULER_NAME : decoder.requiredString(profile.schedulerName, namePath);
  const percentageOfNodesToScore = decodePercentage(profile.percentageOfNodesToScore, path.child('percentageOfNodesToScore'), decoder);
  const plugins = mergePlugins(defaultPlugins(), decodePlugins(profile.plugins, path.child('plugins'), decoder, registry));
  const pluginConfig = decodePluginConfig(profile.pluginConfig, path.child('pluginConfig'), decoder, registry);
  return { schedulerName, percentageOfNodesToScore, plugins, pluginConfig };
}

function checkUniqueSchedulerNames(profiles: readonly Profile[], path: FieldPath, decoder: Decoder): void {
  const seen = new Map<string, number>();
  profiles.forEach((profile, i) => {
    const first = seen.get(profile.schedulerName);
    if (first !== undefined) decoder.fieldError(duplicate(path.index(i).child('schedulerName'), path.index(first).child('schedulerName').toString()));
    else seen.set(profile.schedulerName, i);
  });
}

function decodePlugins(raw: unknown, path: FieldPath, decoder: Decoder, registry: Registry): Plugins {
  const plugins = decoder.object(raw, path, ['multiPoint', ...EXTENSION_POINTS, ...UNSUPPORTED_POINTS]) ?? {};
  for (const point of UNSUPPORTED_POINTS) {
    if (plugins[point] != null) decoder.fieldError(forbidden(path.child(point), `not supported by this scheduler; configure multiPoint, ${EXTENSION_POINTS.join(', ')}`));
  }
  return withEveryPoint((point) => decodePluginSet(plugins[point], path.child(point), decoder, registry));
}

function decodePluginSet(raw: unknown, path: FieldPath, decoder: Decoder, registry: Registry): PluginSet {
  const set = decoder.object(raw, path, ['enabled', 'disabled']) ?? {};
  const refs = (field: 'enabled' | 'disabled') =>
    decoder.list(set[field], path.child(field)).map((plugin, i) => decodePluginRef(plugin, path.child(field).index(i), field === 'disabled', decoder, registry));
  return { enabled: refs('enabled'), disabled: refs('disabled') };
}

function decodePluginRef(raw: unknown, path: FieldPath, disabling: boolean, decoder: Decoder, registry: Registry): PluginRef {
  const plugin = decoder.object(raw, path, ['name', 'weight']) ?? {};
  const name = decoder.requiredString(plugin.name, path.child('name'));
  // "*" stands for every default plugin, and only when disabling.
  if (name !== '' && !(disabling && name === '*') && !registry.has(name)) decoder.fieldError(notFound(path.child('name'), name));
  const weight = decoder.integer(plugin.weight, path.child('weight'));
  if (weight !== undefined && weight < 0) decoder.fieldError(invalid(path.child('weight'), weight, 'must be non-negative'));
  return weight === undefined ? { name } : { name, weight };
}

function decodePluginConfig(raw: unknown, path: FieldPath, decoder: Decoder, registry: Registry): Map<string, unknown> {
  const decoded = new Map<string, unknown>();
  decoder.list(raw, path).forEach((item, i) => {
    const itemPath = path.index(i);
    const entry = decoder.object(item, itemPath, ['name', 'args']) ?? {};
    const name = decoder.requiredString(entry.name, itemPath.child('name'));
    if (name === '') return;
    if (decoded.has(name)) return decoder.fieldError(duplicate(itemPath, name));
    const registration = registry.get(name);
    if (registration === undefined) return decoder.fieldError(notFound(itemPath.child('name'), name));
    if (registration.args === undefined) {
      if (entry.args != null) decoder.fieldError(invalid(itemPath.child('args'), entry.args, `plugin ${name} takes no args`));
      return;
    }
    decoded.set(name, registration.args.decode(entry.args, itemPath.child('args'), decoder));
  });
  return decoded;
}
