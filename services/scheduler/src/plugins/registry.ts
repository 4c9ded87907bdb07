// The in-tree plugins (plugins.NewInTreeRegistry): every plugin a configuration may name.
import { Registry } from '../framework/registry.js';
import { defaultBinderRegistration } from './default-binder.js';
import { interPodAffinityRegistration } from './inter-pod-affinity/plugin.js';
import { nodeAffinityRegistration } from './node-affinity.js';
import { nodeNameRegistration } from './node-name.js';
import { nodePortsRegistration } from './node-ports.js';
import { nodeResourcesBalancedAllocationRegistration } from './node-resources/balanced-allocation.js';
import { nodeResourcesFitRegistration } from './node-resources/fit.js';
import { nodeUnschedulableRegistration } from './node-unschedulable.js';
import { podTopologySpreadRegistration } from './pod-topology-spread/plugin.js';
import { selectorSpreadRegistration } from './selector-spread.js';
import { taintTolerationRegistration } from './taint-toleration.js';

export function inTreeRegistry(): Registry {
  const registry = new Registry();
  registry.register(nodeUnschedulableRegistration);
  registry.register(nodeNameRegistration);
  registry.register(taintTolerationRegistration);
  registry.register(nodeAffinityRegistration);
  registry.register(nodePortsRegistration);
  registry.register(nodeResourcesFitRegistration);
  registry.register(nodeResourcesBalancedAllocationRegistration);
  registry.register(podTopologySpreadRegistration);
  registry.register(interPodAffinityRegistration);
  registry.register(selectorSpreadRegistration);
  registry.register(defaultBinderRegistration);
  return registry;
}
