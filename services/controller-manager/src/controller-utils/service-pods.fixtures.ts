// Services and pods for the unit tests of the Endpoints and EndpointSlice controllers.
import type { ContainerPort, ServicePort } from 'kubernetes-types/core/v1.js';
import type { PodObject, ServiceObject } from './service-pods.js';

export interface PodOptions {
  ip?: string;
  ready?: boolean;
  labels?: Record<string, string>;
  ports?: ContainerPort[];
  nodeName?: string;
  phase?: string;
  deleting?: boolean;
  hostname?: string;
  subdomain?: string;
  resourceVersion?: string;
}

export function pod(name: string, o: PodOptions = {}): PodObject {
  return {
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: o.labels ?? { app: 'web' },
      resourceVersion: o.resourceVersion ?? '1',
      ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: {
      containers: [{ name: 'c', image: 'img', ports: o.ports ?? [] }],
      ...(o.nodeName === undefined ? { nodeName: 'node-a' } : o.nodeName ? { nodeName: o.nodeName } : {}),
      ...(o.hostname ? { hostname: o.hostname } : {}),
      ...(o.subdomain ? { subdomain: o.subdomain } : {}),
    },
    status: {
      phase: o.phase ?? 'Running',
      ...(o.ip === '' ? {} : { podIP: o.ip ?? '10.0.0.1', podIPs: [{ ip: o.ip ?? '10.0.0.1' }] }),
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  };
}

export interface ServiceOptions {
  selector?: Record<string, string>;
  ports?: ServicePort[];
  clusterIP?: string;
  publishNotReadyAddresses?: boolean;
  labels?: Record<string, string>;
}

export function service(name: string, o: ServiceOptions = {}): ServiceObject {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}`, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      selector: o.selector ?? { app: 'web' },
      ports: o.ports ?? [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      clusterIP: o.clusterIP ?? '10.96.0.10',
      ipFamilies: ['IPv4'],
      ...(o.publishNotReadyAddresses ? { publishNotReadyAddresses: true } : {}),
    },
  };
}
