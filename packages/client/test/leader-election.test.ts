import test from 'ava';
import { waitFor, type ApiServerOverStore } from '@kubeling/testing';
import { LeaderElector, LeaseLock, isConflict, microTime, type ApiClient, type KubeObject, type Lease, type LeaseClient, type Logger, type ResourceRef, type WriteOptions } from '../src/index.js';
import { clusterForTests } from './test-cluster.js';

let cluster: ApiServerOverStore;
let client: ApiClient;
clusterForTests(test, (c, admin) => {
  cluster = c;
  client = admin;
});

const LEASES = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: 'default' };
const silent: Logger = { warn: () => undefined };
/** Short durations so that expiry and loss happen within a test. */
const FAST = { leaseDurationMs: 1000, renewDeadlineMs: 700, retryPeriodMs: 200 };

interface Candidate {
  elector: LeaderElector;
  identity: string;
  log: string[];
  signal?: AbortSignal;
  done: Promise<void>;
}

function candidate(lease: string, identity: string, options: { releaseOnCancel?: boolean; client?: LeaseClient } = {}): Candidate {
  const log: string[] = [];
  const c = { identity, log } as Candidate;
  c.elector = new LeaderElector({
    lock: new LeaseLock(options.client ?? client, 'default', lease, identity),
    ...FAST,
    releaseOnCancel: options.releaseOnCancel,
    logger: silent,
    callbacks: {
      onStartedLeading: (signal) => {
        c.signal = signal;
        log.push('started');
      },
      onStoppedLeading: () => log.push('stopped'),
      onNewLeader: (who) => log.push(`leader ${who}`),
    },
  });
  c.done = c.elector.run();
  return c;
}

const leaseOf = (name: string) => client.get<Lease>({ ...LEASES, name });
const leaderOf = async (candidates: Candidate[]) => (await waitFor(() => candidates.find((c) => c.elector.isLeader()), { what: 'a leader' }))!;

test.serial('of two candidates one leads; stopping it releases the lease and the other takes over at once', async (t) => {
  const a = candidate('handover', 'a', { releaseOnCancel: true });
  const b = candidate('handover', 'b', { releaseOnCancel: true });
  t.teardown(() => Promise.all([a.elector.stop(), b.elector.stop()]));
  const first = await leaderOf([a, b]);
  const second = first === a ? b : a;
  t.false(second.elector.isLeader());
  await waitFor(() => second.log.includes(`leader ${first.identity}`), { what: 'the follower to see the leader' });
  const held = await leaseOf('handover');
  t.like(held.spec, { holderIdentity: first.identity, leaseDurationSeconds: 1 });
  t.regex(held.spec!.renewTime!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/, 'MicroTime');

  await first.elector.stop();
  t.deepEqual(first.log, [`leader ${first.identity}`, 'started', 'stopped']);
  t.true(first.signal!.aborted);
  t.false(first.elector.isLeader());
  await waitFor(() => second.elector.isLeader(), { what: 'the other to take over' });
  t.deepEqual(second.log, [`leader ${first.identity}`, `leader ${second.identity}`, 'started']);
  const taken = await leaseOf('handover');
  t.is(taken.spec?.holderIdentity, second.identity);
  t.is(taken.spec?.leaseTransitions, (held.spec?.leaseTransitions ?? 0) + 1);
});

test.serial('a leader that stops without releasing is replaced once the lease expires', async (t) => {
  const a = candidate('expiry', 'a');
  t.teardown(() => a.elector.stop());
  await waitFor(() => a.elector.isLeader(), { what: 'a to lead' });
  const b = candidate('expiry', 'b');
  t.teardown(() => b.elector.stop());
  await waitFor(() => b.log.includes('leader a'), { what: 'b to see a' });
  await a.elector.stop();
  t.is((await leaseOf('expiry')).spec?.holderIdentity, 'a', 'not released');
  await waitFor(() => b.elector.isLeader(), { what: 'b to take over after expiry' });
  t.is((await leaseOf('expiry')).spec?.holderIdentity, 'b');
});

test.serial('a candidate whose write loses the race (409 Conflict) does not lead; it waits for the winner\'s lease to expire', async (t) => {
  // Somebody else's lease, already released: free to take.
  const now = microTime(new Date());
  await client.create(LEASES, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'race' }, spec: { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: 3 } });
  // Just before b's write lands, a thief takes the lease, so b's write is stale.
  const conflicts: unknown[] = [];
  let stolen = false;
  const racing: LeaseClient = {
    get: (ref) => client.get(ref),
    create: (ref, obj, o) => client.create(ref, obj, o),
    update: async <T extends KubeObject>(ref: ResourceRef, obj: unknown, o?: WriteOptions): Promise<T> => {
      if (!stolen) {
        stolen = true;
        const lease = await leaseOf('race');
        const at = microTime(new Date());
        await client.update({ ...LEASES, name: 'race' }, { ...lease, spec: { ...lease.spec, holderIdentity: 'thief', acquireTime: at, renewTime: at, leaseTransitions: 4 } });
      }
      return client.update<T>(ref, obj, o).catch((err: unknown) => {
        conflicts.push(err);
        throw err;
      });
    },
  };
  const b = candidate('race', 'b', { client: racing });
  t.teardown(() => b.elector.stop());
  await waitFor(() => conflicts.length > 0, { what: 'the conflict' });
  t.true(isConflict(conflicts[0]));
  t.false(b.elector.isLeader());
  await waitFor(() => b.log.includes('leader thief'), { what: 'b to see the thief' });
  t.false(b.log.includes('started'), 'b did not lead on the lost write');
  await waitFor(() => b.elector.isLeader(), { what: 'b to lead once the thief\'s lease expired' });
  t.deepEqual(b.log, ['leader thief', 'leader b', 'started']);
  t.is(conflicts.length, 1);
  t.like((await leaseOf('race')).spec, { holderIdentity: 'b', leaseTransitions: 5 });
});

test.serial('a leader that cannot renew for renewDeadline (apiserver gone) stops leading at once: signal aborted, onStoppedLeading called', async (t) => {
  const a = candidate('loss', 'a');
  t.teardown(() => a.elector.stop());
  await waitFor(() => a.elector.isLeader(), { what: 'a to lead' });
  await cluster.api.stop();
  try {
    await waitFor(() => a.log.includes('stopped'), { what: 'leadership to be lost' });
    t.true(a.signal!.aborted);
    t.false(a.elector.isLeader());
    t.deepEqual(a.log, ['leader a', 'started', 'stopped']);
    await a.done;
  } finally {
    await cluster.api.restart();
  }
});
