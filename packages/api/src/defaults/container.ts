// Containers as the core/v1 defaulters leave them: SetDefaults_Container, the TCP default of
// ContainerPort, env field references, probes and lifecycle handlers.
import { defaultFieldRef } from './downward-api.js';
import { child, defaultNil, defaultZero, items, optional, type Obj } from './fields.js';
import { imageTag } from './image-reference.js';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const LIFECYCLE_HANDLERS = ['postStart', 'preStop'];

/** Always for :latest (or no tag), IfNotPresent otherwise, as the kubelet then pulls. */
function pullPolicy(image: unknown): string {
  return typeof image === 'string' && imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}

/** SetDefaults_HTTPGetAction. */
function defaultHTTPGet(handler: Obj): void {
  const httpGet = optional(handler, 'httpGet');
  if (!httpGet) return;
  defaultZero(httpGet, 'path', '/');
  defaultZero(httpGet, 'scheme', 'HTTP');
}

/** SetDefaults_Probe, plus its handler's defaults (GRPCAction.service has +default=""). */
function defaultProbe(probe: Obj): void {
  defaultZero(probe, 'timeoutSeconds', 1);
  defaultZero(probe, 'periodSeconds', 10);
  defaultZero(probe, 'successThreshold', 1);
  defaultZero(probe, 'failureThreshold', 3);
  defaultHTTPGet(probe);
  const grpc = optional(probe, 'grpc');
  if (grpc) defaultNil(grpc, 'service', '');
}

/** A container, init container or ephemeral container. */
export function defaultContainer(container: Obj): void {
  defaultZero(container, 'imagePullPolicy', pullPolicy(container.image));
  defaultZero(container, 'terminationMessagePath', '/dev/termination-log');
  defaultZero(container, 'terminationMessagePolicy', 'File');
  for (const port of items(container, 'ports')) defaultZero(port, 'protocol', 'TCP');
  for (const env of items(container, 'env')) defaultFieldRef(optional(env, 'valueFrom'));
  // ResourceRequirements is a struct, so it is serialized even when empty.
  child(container, 'resources');
  for (const name of PROBES) {
    const probe = optional(container, name);
    if (probe) defaultProbe(probe);
  }
  const lifecycle = optional(container, 'lifecycle');
  for (const name of LIFECYCLE_HANDLERS) {
    const handler = optional(lifecycle, name);
    if (handler) defaultHTTPGet(handler);
  }
}
