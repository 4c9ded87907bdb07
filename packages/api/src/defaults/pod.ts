// Pods and pod templates as the core/v1 defaulters leave them: SetDefaults_PodSpec for every pod
// spec (templates included), SetDefaults_Pod only for Pod objects.
import { defaultContainer } from './container.js';
import { child, defaultNil, defaultZero, items, optional, type Obj } from './fields.js';
import { defaultResourceList } from './resource-list.js';
import { defaultVolume } from './volume.js';

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];

function defaultContainerResources(container: Obj): void {
  const resources = optional(container, 'resources');
  defaultResourceList(resources, 'limits');
  defaultResourceList(resources, 'requests');
}

/** SetDefaults_PodSpec and the defaults of everything nested in a pod spec. */
export function defaultPodSpec(spec: Obj): void {
  defaultZero(spec, 'dnsPolicy', 'ClusterFirst');
  defaultZero(spec, 'restartPolicy', 'Always');
  defaultNil(spec, 'securityContext', {});
  defaultNil(spec, 'terminationGracePeriodSeconds', 30);
  defaultZero(spec, 'schedulerName', 'default-scheduler');
  items(spec, 'volumes').forEach(defaultVolume);
  for (const list of CONTAINER_LISTS) {
    for (const container of items(spec, list)) {
      defaultContainer(container);
      defaultContainerResources(container);
    }
  }
  defaultResourceList(spec, 'overhead');
}

/** A PodTemplateSpec inside a workload: only its spec has defaults. */
export function defaultPodTemplateSpec(template: Obj): void {
  defaultPodSpec(child(template, 'spec'));
}

/** Requests default to limits for the resources a container limits but does not request. */
function defaultRequestsToLimits(container: Obj): void {
  const resources = optional(container, 'resources');
  const limits = optional(resources, 'limits');
  if (!resources || !limits || Object.keys(limits).length === 0) return;
  const requests = child(resources, 'requests');
  for (const [name, value] of Object.entries(limits)) defaultNil(requests, name, value);
}

/** With host networking a container port is also its host port. */
function defaultHostNetworkPorts(container: Obj): void {
  for (const port of items(container, 'ports')) {
    if (typeof port.containerPort === 'number') defaultZero(port, 'hostPort', port.containerPort);
  }
}

/** SetDefaults_Pod, then the pod spec's defaults. */
export function defaultPod(pod: Obj): void {
  const spec = child(pod, 'spec');
  const containers = [...items(spec, 'containers'), ...items(spec, 'initContainers')];
  containers.forEach(defaultRequestsToLimits);
  defaultNil(spec, 'enableServiceLinks', true);
  if (spec.hostNetwork === true) containers.forEach(defaultHostNetworkPorts);
  defaultPodSpec(spec);
}
