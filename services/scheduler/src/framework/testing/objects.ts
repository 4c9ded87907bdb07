// Small builders for the nodes and pods scheduler tests place (like kube-scheduler's
// st.MakePod / st.MakeNode), so a test states only what matters to it.
import type { Container, Node, NodeSpec, Pod, PodSpec } from 'kubernetes-types/core/v1.js';

export interface NodeOptions {
  labels?: Record<string, string>;
  /** Defaults to 4 cpu, 8Gi memory, 110 pods. */
  allocatable?: Record<string, string>;
  spec?: NodeSpec;
}

export function makeNode(name: string, options: NodeOptions = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...options.labels } },
    spec: options.spec ?? {},
    status: { allocatable: options.allocatable ?? { cpu: '4', memory: '8Gi', pods: '110' } },
  };
}

export interface PodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  /** Bound to this node. */
  nodeName?: string;
  /** Requests of the pod's one container. */
  requests?: Record<string, string>;
  spec?: Partial<PodSpec>;
}

export function makeContainer(name: string, requests?: Record<string, string>, extra: Partial<Container> = {}): Container {
  return { name, image: 'busybox', ...(requests === undefined ? {} : { resources: { requests } }), ...extra };
}

export function makePod(name: string, options: PodOptions = {}): Pod {
  const namespace = options.namespace ?? 'default';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: `${namespace}-${name}`, labels: options.labels ?? {} },
    spec: {
      containers: [makeContainer('app', options.requests)],
      ...(options.nodeName === undefined ? {} : { nodeName: options.nodeName }),
      ...options.spec,
    },
  };
}
