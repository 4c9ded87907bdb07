// kube-scheduler's defaults for a profile (apis/config/v1 default_plugins.go): the in-tree
// plugins enabled through multiPoint with their score weights, and how a profile's own
// enabled/disabled lists are merged over them.
import * as names from '../../plugins/names.js';
import { EXTENSION_POINTS, type PluginRef, type Plugins, type PluginSet } from './types.js';

const EMPTY_SET: PluginSet = { enabled: [], disabled: [] };

/**
 * getDefaultPlugins, for the plugins this scheduler has. SelectorSpread spreads a controller's
 * pods when they state no topology spread constraints, as kube-scheduler's system-default
 * PodTopologySpread constraints do.
 */
export function defaultPlugins(): Plugins {
  const enabled: PluginRef[] = [
    { name: names.NodeUnschedulable },
    { name: names.NodeName },
    { name: names.TaintToleration, weight: 3 },
    { name: names.NodeAffinity, weight: 2 },
    { name: names.NodePorts },
    { name: names.NodeResourcesFit, weight: 1 },
    { name: names.PodTopologySpread, weight: 2 },
    { name: names.InterPodAffinity, weight: 2 },
    { name: names.NodeResourcesBalancedAllocation, weight: 1 },
    { name: names.SelectorSpread, weight: 1 },
    { name: names.DefaultBinder },
  ];
  return { ...withEveryPoint(() => EMPTY_SET), multiPoint: { enabled, disabled: [] } };
}

/**
 * mergePluginSet: defaults not disabled (all of them if "*" is) keep their order, a default the
 * profile enables again is replaced in place by the profile's entry, and the profile's other
 * plugins follow. Disabled names are kept so that multiPoint expansion skips them too.
 */
function mergePluginSet(defaults: PluginSet, custom: PluginSet): PluginSet {
  const disabled = [...custom.disabled, ...defaults.disabled].map(({ name }) => ({ name }));
  const disabledNames = new Set(disabled.map(({ name }) => name));
  const customByName = new Map(custom.enabled.map((plugin, index) => [plugin.name, index]));
  const replaced = new Set<number>();
  const enabled: PluginRef[] = [];
  if (!disabledNames.has('*')) {
    for (const plugin of defaults.enabled) {
      if (disabledNames.has(plugin.name)) continue;
      const index = customByName.get(plugin.name);
      if (index !== undefined) replaced.add(index);
      enabled.push(index === undefined ? plugin : custom.enabled[index]);
    }
  }
  custom.enabled.forEach((plugin, index) => {
    if (!replaced.has(index)) enabled.push(plugin);
  });
  return { enabled, disabled };
}

export function mergePlugins(defaults: Plugins, custom: Plugins): Plugins {
  return withEveryPoint((point) => mergePluginSet(defaults[point], custom[point]));
}

/** Plugins with a set for multiPoint and each extension point. */
export function withEveryPoint(setFor: (point: keyof Plugins) => PluginSet): Plugins {
  const points: (keyof Plugins)[] = ['multiPoint', ...EXTENSION_POINTS];
  return Object.fromEntries(points.map((point) => [point, setFor(point)])) as Record<keyof Plugins, PluginSet>;
}
