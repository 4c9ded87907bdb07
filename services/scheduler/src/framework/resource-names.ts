// Which resource names the scheduler accounts as "scalar" resources beside cpu, memory,
// ephemeral-storage and pods (schedutil.IsScalarResourceName and the v1helper predicates it
// uses): extended resources such as example.com/gpu, hugepages-*, attachable-volumes-* and
// prefixed native resources.
import { isQualifiedName } from '@kubeling/api/validation/names';

export const CPU = 'cpu';
export const MEMORY = 'memory';
export const EPHEMERAL_STORAGE = 'ephemeral-storage';
export const PODS = 'pods';

/** A name in the kubernetes.io domain, reserved for Kubernetes' own resources. */
function isPrefixedNativeResource(name: string): boolean {
  return name.includes('kubernetes.io/');
}

/** Native: no domain at all (cpu, memory) or the kubernetes.io domain. */
function isNativeResource(name: string): boolean {
  return !name.includes('/') || isPrefixedNativeResource(name);
}

/** A resource a device plugin or an operator advertises, e.g. example.com/gpu (v1helper.IsExtendedResourceName). */
export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  // The name must still be valid once quota prefixes it with "requests.".
  return isQualifiedName(`requests.${name}`).length === 0;
}

export function isScalarResourceName(name: string): boolean {
  return isExtendedResourceName(name) || name.startsWith('hugepages-') || isPrefixedNativeResource(name) || name.startsWith('attachable-volumes-');
}
