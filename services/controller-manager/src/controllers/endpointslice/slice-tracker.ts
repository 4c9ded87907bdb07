// EndpointSliceTracker: the generation of every slice this controller wrote, by service, so
// that a sync can tell a cache that is behind (it would create twins or undo writes) and the
// informer's echo of our own writes needs no new sync.
import { metaNamespaceKeyFunc } from '@kubeling/client';
import type { ServiceObject } from '../../controller-utils/service-pods.js';
import { LABEL_SERVICE_NAME, type SliceObject } from './desired-endpoints.js';

/** The generation recorded for a slice we deleted and the cache still has. */
const DELETION_EXPECTED = -1;

const uidOf = (slice: SliceObject) => slice.metadata?.uid ?? '';
const generationOf = (slice: SliceObject) => (slice.metadata?.generation as number | undefined) ?? 0;

/** The key of the service a slice belongs to, by its service-name label; undefined without one. */
export function serviceKeyOfSlice(slice: SliceObject): string | undefined {
  const name = slice.metadata?.labels?.[LABEL_SERVICE_NAME];
  return name ? `${slice.metadata?.namespace ?? ''}/${name}` : undefined;
}

export class EndpointSliceTracker {
  /** service key -> slice uid -> generation */
  private readonly generations = new Map<string, Map<string, number>>();

  private forSlice(slice: SliceObject, create: boolean): Map<string, number> | undefined {
    const key = serviceKeyOfSlice(slice);
    if (key === undefined) return undefined;
    let byUid = this.generations.get(key);
    if (!byUid && create) this.generations.set(key, (byUid = new Map()));
    return byUid;
  }

  /** A slice as the API returned it from our create or update. */
  update(slice: SliceObject): void {
    this.forSlice(slice, true)?.set(uidOf(slice), generationOf(slice));
  }

  /** We deleted this slice; the informer is yet to say so. */
  expectDeletion(slice: SliceObject): void {
    this.forSlice(slice, true)?.set(uidOf(slice), DELETION_EXPECTED);
  }

  /** Whether an informer event on the slice is news: a slice we never wrote, or a generation newer than ours. */
  shouldSync(slice: SliceObject): boolean {
    const generation = this.forSlice(slice, false)?.get(uidOf(slice));
    return generation === undefined || generationOf(slice) > generation;
  }

  /** The informer saw the slice deleted: true when that was our delete, false when someone else's. */
  handleDeletion(slice: SliceObject): boolean {
    const byUid = this.forSlice(slice, false);
    const generation = byUid?.get(uidOf(slice));
    byUid?.delete(uidOf(slice));
    return generation === DELETION_EXPECTED;
  }

  /**
   * StaleSlices: the cache lacks what we know: a slice older than we wrote it, one we deleted
   * still there, or one we created or updated missing.
   */
  staleSlices(service: ServiceObject, slices: readonly SliceObject[]): boolean {
    const byUid = this.generations.get(metaNamespaceKeyFunc(service));
    if (!byUid) return false;
    const provided = new Set<string>();
    for (const slice of slices) {
      provided.add(uidOf(slice));
      const generation = byUid.get(uidOf(slice));
      if (generation !== undefined && (generation === DELETION_EXPECTED || generation > generationOf(slice))) return true;
    }
    return [...byUid].some(([uid, generation]) => generation !== DELETION_EXPECTED && !provided.has(uid));
  }

  deleteService(key: string): void {
    this.generations.delete(key);
  }
}
