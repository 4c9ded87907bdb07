// The pod-template-hash (controller.ComputeHash): an FNV-1a 32-bit hash of the pod template,
// salted with the deployment's collisionCount, rendered with rand.SafeEncodeString so it is
// safe as a label value and a name suffix. Not bit-for-bit Go's (Go hashes its own struct
// dump), but deterministic: the same template always gives the same hash.
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { canonicalJson } from './canonical-json.js';

/** The label a deployment adds to its ReplicaSets and their pods (apps.DefaultDeploymentUniqueLabelKey). */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

const FNV32_OFFSET = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;
/** rand.SafeEncodeString's alphabet: no vowels (no words) and no look-alike characters. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

function fnv32a(bytes: Uint8Array, start = FNV32_OFFSET): number {
  let hash = start;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, FNV32_PRIME) >>> 0;
  return hash;
}

function safeEncodeString(text: string): string {
  return Array.from(text, (ch) => ALPHANUMS[ch.charCodeAt(0) % ALPHANUMS.length]).join('');
}

export function computeHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  let hash = fnv32a(Buffer.from(canonicalJson(template ?? {})));
  if (collisionCount !== undefined && collisionCount !== null) {
    const salt = Buffer.alloc(4);
    salt.writeUInt32LE(collisionCount >>> 0);
    hash = fnv32a(salt, hash);
  }
  return safeEncodeString(String(hash));
}
