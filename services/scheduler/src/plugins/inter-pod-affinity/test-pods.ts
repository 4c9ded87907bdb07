// Pods with inter-pod (anti-)affinity for the InterPodAffinity tests.
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { Affinity, Pod, PodAffinityTerm } from 'kubernetes-types/core/v1.js';
import { makeNode, makePod } from '../../framework/testing/objects.js';

export const ZONE = 'topology.kubernetes.io/zone';
export const HOSTNAME = 'kubernetes.io/hostname';

export const term = (matchLabels: Record<string, string>, topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({
  labelSelector: { matchLabels } as LabelSelector,
  topologyKey,
  ...extra,
});

export interface PodSpecOptions {
  labels?: Record<string, string>;
  namespace?: string;
  nodeName?: string;
  affinity?: Affinity;
}

export const pod = (name: string, options: PodSpecOptions = {}): Pod =>
  makePod(name, { labels: options.labels, namespace: options.namespace, nodeName: options.nodeName, spec: options.affinity ? { affinity: options.affinity } : {} });

export const zonedNode = (name: string, zone?: string) => makeNode(name, zone === undefined ? {} : { labels: { [ZONE]: zone } });
