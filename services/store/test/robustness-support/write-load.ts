import { Event_EventType } from '@kubeling/proto/etcd';
import { deleteRangeRequest, prefixEnd, putRequest, requestOp, txnRequest, type EtcdCalls } from '@kubeling/testing';

/** One key change a write made. */
export interface Change {
  type: Event_EventType;
  key: string;
  value?: Buffer;
  lease?: bigint;
}

/** An acknowledged write: the revision its response reported and the changes it made there, in etcd's order. */
export interface AckedWrite {
  revision: bigint;
  changes: Change[];
}

/** An acknowledged lease revoke: the keys it had (deleted together in one revision) and its response's revision. */
export interface AckedRevoke {
  keys: string[];
  responseRevision: bigint;
}

/** What the writers did; the watch test checks the server's history against it. */
export interface WriteLog {
  writes: AckedWrite[];
  revokes: AckedRevoke[];
  /** Highest revision any write's response reported. */
  latest: bigint;
}

export const LOAD_PREFIX = '/w/';
/** Prefixes of the general keys; lease keys live under /w/l/ only, so only their lease writer changes them. */
export const GENERAL_PREFIXES = ['/w/a/', '/w/b/', '/w/c/'] as const;
const KEYS_PER_PREFIX = 20;

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
export const generalKey = (prefix: string, n: number) => `${prefix}k${String(n).padStart(2, '0')}`;
const randomGeneralKey = () => generalKey(pick(GENERAL_PREFIXES), Math.floor(Math.random() * KEYS_PER_PREFIX));
/** Values from 20 bytes to 3 KB, so that a stream not being read fills its flow-control window quickly. */
const randomValue = (tag: string) => Buffer.from(`${tag}:`.padEnd(20 + Math.floor(Math.random() * 3000), 'v'));

function record(log: WriteLog, revision: bigint, changes: Change[]): void {
  log.writes.push({ revision, changes });
  if (revision > log.latest) log.latest = revision;
}

export async function putOne(calls: EtcdCalls, log: WriteLog, key: string, tag: string): Promise<void> {
  const value = randomValue(tag);
  const response = await calls.put(putRequest({ key, value }));
  record(log, response.header!.revision, [{ type: Event_EventType.PUT, key, value, lease: 0n }]);
}

/** Every writer kind the watch test runs at once; each loops until `running()` turns false. */
export const writers: Record<string, (calls: EtcdCalls, log: WriteLog, running: () => boolean) => Promise<void>> = {
  async puts(calls, log, running) {
    for (let n = 0; running(); n++) await putOne(calls, log, randomGeneralKey(), `put${n}`);
  },

  /** Single-key deletes and range deletes of several keys (one revision, keys in order). */
  async deletes(calls, log, running) {
    for (let n = 0; running(); n++) {
      const prefix = pick(GENERAL_PREFIXES);
      const first = n % (KEYS_PER_PREFIX - 5);
      const ranged = n % 2 === 0;
      const key = ranged ? generalKey(prefix, first) : randomGeneralKey();
      const rangeEnd = ranged ? generalKey(prefix, first + 5) : undefined;
      const response = await calls.deleteRange(deleteRangeRequest({ key, rangeEnd, prevKv: true }));
      if (response.deleted > 0n) {
        record(log, response.header!.revision, response.prevKvs.map((kv) => ({ type: Event_EventType.DELETE, key: kv.key.toString() })));
      }
    }
  },

  /** Txns that put three distinct keys in one revision (events in op order). */
  async txns(calls, log, running) {
    for (let n = 0; running(); n++) {
      const keys = new Set<string>();
      while (keys.size < 3) keys.add(randomGeneralKey());
      const puts = [...keys].map((key) => ({ key, value: randomValue(`txn${n}`) }));
      const response = await calls.txn(txnRequest({ success: puts.map((p) => requestOp.put(p)) }));
      record(log, response.header!.revision, puts.map((p) => ({ type: Event_EventType.PUT, key: p.key, value: p.value, lease: 0n })));
    }
  },

  /** Grant a lease, attach three keys, revoke it: the revoke deletes the three in one revision (as node heartbeats churn). */
  async leases(calls, log, running) {
    for (let n = 0; running(); n++) {
      const lease = (await calls.leaseGrant({ TTL: 60n, ID: 0n })).ID;
      const keys = [0, 1, 2].map((i) => `/w/l/${n}/k${i}`);
      for (const key of keys) {
        const value = randomValue(`lease${n}`);
        const response = await calls.put(putRequest({ key, value, lease }));
        record(log, response.header!.revision, [{ type: Event_EventType.PUT, key, value, lease }]);
      }
      const revoked = await calls.leaseRevoke({ ID: lease });
      log.revokes.push({ keys, responseRevision: revoked.header!.revision });
    }
  },
};

/** The range of every key the load writes. */
export const loadRange = { key: LOAD_PREFIX, rangeEnd: prefixEnd(LOAD_PREFIX) };
