// Sets up, refreshes and tears down a pod's volumes on this node (the kubelet's volume manager
// with the emptyDir, hostPath, configMap, secret, downwardAPI and projected plugins), under
// <root>/pods/<uid>/volumes/<plugin>/<name>, and turns containers' volumeMounts into CRI mounts.
import { chmod, mkdir, rm } from 'node:fs/promises';
import type { Container, Pod, ProjectedVolumeSource, Volume, VolumeProjection } from 'kubernetes-types/core/v1.js';
import type { Mount } from '@kubeling/proto/cri';
import { pino, type Logger } from 'pino';
import { aggregateMessage, VolumeSetUpError } from '../errors.js';
import { type ObjectSource, requireConfigMap, requireSecret, secretData } from '../object-source.js';
import { parseNano, type ResourceList, unitValue } from '../quantity-values.js';
import { type Payload, writeAtomically } from './atomic-writer.js';
import { checkHostPathType } from './host-path.js';
import type { MountedVolume, VolumeMap } from './mounted-volume.js';
import { makeMounts } from './mounts.js';
import { podVolumeDir, podVolumesDir } from './paths.js';
import { configMapPayload, DEFAULT_MODE, downwardApiPayload, PayloadError, secretPayload } from './payloads.js';
import { type RequestToken, ServiceAccountTokens } from './service-account-tokens.js';

export interface VolumeSources extends ObjectSource {
  /** TokenRequest for projected serviceAccountToken sources; without it those sources are skipped. */
  requestToken?: RequestToken;
  /** The node's allocatable resources, for resourceFieldRef files on limits the container does not set. */
  nodeAllocatable?(): ResourceList;
}

export interface VolumeManagerOptions {
  log?: Logger;
  /** Clock of the service account token cache (tests). */
  now?: () => number;
}

const EMPTY_DIR_PLUGIN = 'kubernetes.io/empty-dir';
const CONFIG_MAP_PLUGIN = 'kubernetes.io/configmap';
const SECRET_PLUGIN = 'kubernetes.io/secret';
const DOWNWARD_API_PLUGIN = 'kubernetes.io/downward-api';
const PROJECTED_PLUGIN = 'kubernetes.io/projected';

/** The service account token's lifetime when the spec gives none (the API's default). */
const DEFAULT_TOKEN_EXPIRATION_SECONDS = 3600;
/** emptyDir directories are writable by any user the container runs as. */
const EMPTY_DIR_MODE = 0o777;

/** A volume made of files: where they go and how they are computed. */
interface PayloadTarget {
  dir: string;
  payload: () => Promise<Payload>;
}

const podUid = (pod: Pod) => pod.metadata?.uid ?? '';
const namespaceOf = (pod: Pod) => pod.metadata?.namespace ?? '';

export class VolumeManager {
  private readonly log: Logger;
  private readonly tokens: ServiceAccountTokens | undefined;
  /** Pods whose volumes are (being) set up here: refresh() must not recreate a torn-down pod's files. */
  private readonly pods = new Set<string>();
  /** The last write under way per volume directory. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    private readonly rootDir: string,
    private readonly sources: VolumeSources,
    options: VolumeManagerOptions = {},
  ) {
    this.log = options.log ?? pino({ enabled: false });
    this.tokens = sources.requestToken ? new ServiceAccountTokens(sources.requestToken, options.now) : undefined;
  }

  /** Sets up every volume of the pod; the first that fails is thrown as a VolumeSetUpError. */
  async setUp(pod: Pod): Promise<VolumeMap> {
    this.pods.add(podUid(pod));
    const volumes: VolumeMap = new Map();
    for (const volume of pod.spec?.volumes ?? []) {
      volumes.set(volume.name, await this.guarded(volume, () => this.setUpVolume(pod, volume)));
    }
    return volumes;
  }

  /** The container's mounts of the set-up volumes (throws CreateContainerConfigError). */
  mountsFor(_pod: Pod, container: Container, volumes: VolumeMap): Mount[] {
    return makeMounts(container, volumes);
  }

  /**
   * Rewrites the files of configMap, secret, downwardAPI and projected volumes whose sources
   * changed. A volume that fails keeps its files; the others are still refreshed, then the first
   * failure is thrown.
   */
  async refresh(pod: Pod): Promise<void> {
    if (!this.pods.has(podUid(pod))) return;
    const failures: VolumeSetUpError[] = [];
    for (const volume of pod.spec?.volumes ?? []) {
      const target = this.payloadTarget(pod, volume);
      if (target === undefined) continue;
      try {
        const changed = await this.guarded(volume, () => this.write(target));
        if (changed) this.log.info({ pod: `${namespaceOf(pod)}/${pod.metadata?.name}`, volume: volume.name }, 'volume contents updated');
      } catch (error) {
        failures.push(error as VolumeSetUpError);
      }
    }
    if (failures.length > 0) throw failures[0];
  }

  /** Removes the pod's volume directories (hostPath contents are the node's and stay). */
  async tearDown(uid: string): Promise<void> {
    this.pods.delete(uid);
    this.tokens?.forgetPod(uid);
    await rm(podVolumesDir(this.rootDir, uid), { recursive: true, force: true });
  }

  private async guarded<T>(volume: Volume, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new VolumeSetUpError(volume.name, error as Error);
    }
  }

  private async setUpVolume(pod: Pod, volume: Volume): Promise<MountedVolume> {
    if (volume.hostPath) {
      await checkHostPathType(volume.hostPath.path, volume.hostPath.type);
      return { path: volume.hostPath.path, readOnly: false, selinuxRelabel: false };
    }
    if (volume.emptyDir) {
      if (volume.emptyDir.medium === 'Memory') {
        const sizeLimit = volume.emptyDir.sizeLimit;
        return { path: '', readOnly: false, selinuxRelabel: true, tmpfs: { sizeBytes: sizeLimit === undefined ? 0n : unitValue(parseNano(sizeLimit)) } };
      }
      const dir = podVolumeDir(this.rootDir, podUid(pod), EMPTY_DIR_PLUGIN, volume.name);
      await mkdir(dir, { recursive: true });
      await chmod(dir, EMPTY_DIR_MODE);
      return { path: dir, readOnly: false, selinuxRelabel: true };
    }
    const target = this.payloadTarget(pod, volume);
    if (target === undefined) throw new Error('volume type is not supported by Kubeling\'s kubelet');
    await this.write(target);
    return { path: target.dir, readOnly: true, selinuxRelabel: true };
  }

  /** Writes a volume's files, one write at a time per directory (setUp and refresh may overlap). */
  private write(target: PayloadTarget): Promise<boolean> {
    const previous: Promise<void> = this.writes.get(target.dir) ?? Promise.resolve();
    const next = previous.then(async () => writeAtomically(target.dir, await target.payload()));
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.writes.set(target.dir, settled);
    void settled.then(() => {
      if (this.writes.get(target.dir) === settled) this.writes.delete(target.dir);
    });
    return next;
  }

  /** Where a volume made of files is written and how its files are computed; undefined for other volumes. */
  private payloadTarget(pod: Pod, volume: Volume): PayloadTarget | undefined {
    const dir = (plugin: string) => podVolumeDir(this.rootDir, podUid(pod), plugin, volume.name);
    const { configMap, secret, downwardAPI, projected } = volume;
    if (configMap) return { dir: dir(CONFIG_MAP_PLUGIN), payload: () => this.configMapFiles(pod, configMap, configMap.defaultMode ?? DEFAULT_MODE) };
    if (secret) {
      const projection = { name: secret.secretName, items: secret.items, optional: secret.optional };
      return { dir: dir(SECRET_PLUGIN), payload: () => this.secretFiles(pod, projection, secret.defaultMode ?? DEFAULT_MODE) };
    }
    if (downwardAPI) return { dir: dir(DOWNWARD_API_PLUGIN), payload: async () => downwardApiPayload(downwardAPI.items, pod, downwardAPI.defaultMode ?? DEFAULT_MODE, this.downwardContext()) };
    if (projected) return { dir: dir(PROJECTED_PLUGIN), payload: () => this.projectedFiles(pod, projected) };
    return undefined;
  }

  private downwardContext() {
    return { nodeAllocatable: this.sources.nodeAllocatable?.() ?? {} };
  }

  private async configMapFiles(pod: Pod, source: NonNullable<VolumeProjection['configMap']>, defaultMode: number): Promise<Payload> {
    const optional = source.optional ?? false;
    const configMap = await requireConfigMap(this.sources, namespaceOf(pod), source.name ?? '', optional);
    return configMapPayload(source.items, configMap, defaultMode, optional);
  }

  private async secretFiles(pod: Pod, source: NonNullable<VolumeProjection['secret']>, defaultMode: number): Promise<Payload> {
    const optional = source.optional ?? false;
    const secret = await requireSecret(this.sources, namespaceOf(pod), source.name ?? '', optional);
    return secretPayload(source.items, secretData(secret), defaultMode, optional);
  }

  private async tokenFiles(pod: Pod, source: NonNullable<VolumeProjection['serviceAccountToken']>, mode: number): Promise<Payload> {
    const serviceAccountName = pod.spec?.serviceAccountName || 'default';
    if (this.tokens === undefined) {
      this.log.debug({ pod: `${namespaceOf(pod)}/${pod.metadata?.name}`, path: source.path }, 'no token source: serviceAccountToken projection skipped');
      return new Map();
    }
    const token = await this.tokens.get({
      namespace: namespaceOf(pod),
      serviceAccountName,
      audience: source.audience ?? '',
      expirationSeconds: source.expirationSeconds ?? DEFAULT_TOKEN_EXPIRATION_SECONDS,
      podName: pod.metadata?.name ?? '',
      podUid: podUid(pod),
    });
    return new Map([[source.path, { data: Buffer.from(token, 'utf8'), mode }]]);
  }

  private projectionFiles(pod: Pod, projection: VolumeProjection, defaultMode: number): Promise<Payload> {
    if (projection.configMap) return this.configMapFiles(pod, projection.configMap, defaultMode);
    if (projection.secret) return this.secretFiles(pod, projection.secret, defaultMode);
    if (projection.downwardAPI) return Promise.resolve(downwardApiPayload(projection.downwardAPI.items, pod, defaultMode, this.downwardContext()));
    if (projection.serviceAccountToken) return this.tokenFiles(pod, projection.serviceAccountToken, defaultMode);
    return Promise.resolve(new Map());
  }

  /** projected collectData: the sources' files together; any failing source fails the volume. */
  private async projectedFiles(pod: Pod, projected: ProjectedVolumeSource): Promise<Payload> {
    const payload: Payload = new Map();
    const errors: Error[] = [];
    for (const projection of projected.sources ?? []) {
      try {
        for (const [path, file] of await this.projectionFiles(pod, projection, projected.defaultMode ?? DEFAULT_MODE)) payload.set(path, file);
      } catch (error) {
        errors.push(error as Error);
      }
    }
    if (errors.length > 0) throw new PayloadError(aggregateMessage(errors));
    return payload;
  }
}
