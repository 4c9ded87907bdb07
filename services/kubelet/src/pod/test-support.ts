// Fakes for the unit tests of this folder: an in-memory ConfigMap/Secret source and a pod.
import type { ConfigMap, Container, Pod, PodSpec, Secret } from 'kubernetes-types/core/v1.js';
import type { ObjectSource } from './object-source.js';

/** An ObjectSource over mutable maps keyed `namespace/name`, counting reads. */
export class FakeObjects implements ObjectSource {
  readonly configMaps = new Map<string, ConfigMap>();
  readonly secrets = new Map<string, Secret>();
  reads = 0;

  setConfigMap(namespace: string, name: string, data: Record<string, string>, binaryData?: Record<string, string>): void {
    this.configMaps.set(`${namespace}/${name}`, { metadata: { namespace, name }, data, binaryData });
  }

  /** Stores `data` as the API does: base64-encoded. */
  setSecret(namespace: string, name: string, data: Record<string, string>): void {
    const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
    this.secrets.set(`${namespace}/${name}`, { metadata: { namespace, name }, data: encoded });
  }

  async getConfigMap(namespace: string, name: string): Promise<ConfigMap | undefined> {
    this.reads++;
    return this.configMaps.get(`${namespace}/${name}`);
  }

  async getSecret(namespace: string, name: string): Promise<Secret | undefined> {
    this.reads++;
    return this.secrets.get(`${namespace}/${name}`);
  }
}

/** A pod `web` in namespace `ns` with one container `app` (plus what `spec` adds or replaces). */
export function makePod(spec: Partial<PodSpec> = {}, container: Partial<Container> = {}): Pod {
  return {
    metadata: { name: 'web', namespace: 'ns', uid: 'uid-1', labels: { app: 'web' }, annotations: { note: 'hi' } },
    spec: { nodeName: 'node-1', serviceAccountName: 'sa', containers: [{ name: 'app', image: 'kubeling/busybox:1', ...container }], ...spec },
  };
}
