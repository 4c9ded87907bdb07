import test from 'ava';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@kubeling/testing';
import type { Container, Pod, Probe } from 'kubernetes-types/core/v1.js';
import { pino } from 'pino';
import { exited, FakeClock, FakeExec } from './fakes.test-support.js';
import { ProbeManager } from './prober-manager.js';

const UID = 'uid-1';
const IP = '127.0.0.1';

function setup(random = () => 0) {
  const clock = new FakeClock();
  const exec = new FakeExec();
  const manager = new ProbeManager({ exec, logger: pino({ level: 'silent' }), now: clock.now, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout, random });
  const failures: unknown[][] = [];
  const readinessChanges: string[] = [];
  const events: string[] = [];
  manager.onLivenessFailure((...args) => failures.push(args));
  manager.onReadinessChange((uid) => readinessChanges.push(uid));
  manager.onProbeEvent((uid, name, event) => events.push(`${uid}/${name} ${event.reason}: ${event.message}`));
  return { clock, exec, manager, failures, readinessChanges, events, t0: clock.now() };
}

/** Adds the pod and lets its workers' first round pass, as before the kubelet starts its containers. */
async function addPod(manager: ProbeManager, clock: FakeClock, pod: Pod): Promise<void> {
  manager.addPod(pod);
  await clock.advance(0);
}

const podWith = (containers: Container[], initContainers?: Container[]): Pod => ({
  metadata: { uid: UID, namespace: 'default', name: 'web' },
  spec: { containers, initContainers },
});

const execProbe = (command: string, more: Partial<Probe> = {}): Probe => ({ exec: { command: [command] }, periodSeconds: 1, ...more });

/** Exec commands named in `failing` exit 1 with "<command> failed"; others exit 0. */
const failingCommands = (exec: FakeExec, failing: Set<string>) => {
  exec.answer = (r) => (failing.has(r.cmd[0]!) ? exited(1, `${r.cmd[0]} failed`) : exited(0));
};

test('a readiness probe is unready until it passed successThreshold times, ready until it failed failureThreshold times', async (t) => {
  const { clock, exec, manager, readinessChanges, events, t0 } = setup();
  await addPod(manager, clock, podWith([{ name: 'app', readinessProbe: execProbe('ready', { successThreshold: 2, failureThreshold: 3 }) }, { name: 'plain' }]));
  t.is(manager.readiness(UID, 'plain'), undefined, 'no probe: the kubelet decides');
  t.false(manager.readiness(UID, 'app'));
  manager.containerStarted(UID, 'app', 'c1', t0, IP);
  await clock.advance(0);
  t.is(exec.calls.length, 1, 'a new unready container is probed at once');
  t.false(manager.readiness(UID, 'app'), 'one success of two');
  await clock.advance(1000);
  t.true(manager.readiness(UID, 'app'));
  t.deepEqual(readinessChanges, [UID, UID], 'initial unready, then ready');
  failingCommands(exec, new Set(['ready']));
  await clock.advance(2000);
  t.true(manager.readiness(UID, 'app'), 'two failures of three');
  await clock.advance(1000);
  t.false(manager.readiness(UID, 'app'));
  t.is(exec.calls.length, 5);
  t.is(events[0], `${UID}/app Unhealthy: Readiness probe failed: ready failed`);
  t.is(events.length, 3, 'an event for each failed probe');
  await manager.stop();
});

test('no probe runs before initialDelaySeconds have passed since the container started', async (t) => {
  const { clock, exec, manager, t0 } = setup();
  await addPod(manager, clock, podWith([{ name: 'app', livenessProbe: execProbe('alive', { initialDelaySeconds: 5 }), readinessProbe: execProbe('ready', { initialDelaySeconds: 5 }) }]));
  manager.containerStarted(UID, 'app', 'c1', t0, IP);
  await clock.advance(4999);
  t.deepEqual(exec.calls, []);
  await clock.advance(1);
  t.deepEqual(exec.commands().sort(), ['alive', 'ready']);
  await manager.stop();
});

test('a liveness failure at the threshold is reported once; the worker holds until a new container, whose results start afresh', async (t) => {
  const { clock, exec, manager, failures, events, t0 } = setup();
  await addPod(manager, clock, podWith([{ name: 'app', livenessProbe: execProbe('alive', { failureThreshold: 3 }) }]));
  manager.containerStarted(UID, 'app', 'c1', t0, IP);
  failingCommands(exec, new Set(['alive']));
  await clock.advance(2000);
  t.deepEqual(failures, [], 'two failures of three');
  await clock.advance(1000);
  t.deepEqual(failures, [[UID, 'app', 'c1', 'Container app failed liveness probe', 'liveness']]);
  t.deepEqual(events, [1, 2, 3].map(() => `${UID}/app Unhealthy: Liveness probe failed: alive failed`));
  await clock.advance(5000);
  t.is(exec.calls.length, 3, 'no probes of a container being restarted');

  manager.containerStarted(UID, 'app', 'c2', clock.now(), IP);
  await clock.advance(2000);
  t.is(exec.calls.length, 5, 'the new container is probed');
  t.deepEqual(exec.calls.at(-1)?.containerId, 'c2');
  await clock.advance(1000);
  t.is(failures.length, 2, 'it fails after three failures of its own');
  await manager.stop();
});

test('liveness and readiness wait for the startup probe, which stops once it passed', async (t) => {
  const { clock, exec, manager, t0 } = setup();
  await addPod(manager, clock,
    podWith([{ name: 'app', startupProbe: execProbe('started', { failureThreshold: 10 }), livenessProbe: execProbe('alive'), readinessProbe: execProbe('ready', { periodSeconds: 10 }) }]),
  );
  const failing = new Set(['started']);
  failingCommands(exec, failing);
  manager.containerStarted(UID, 'app', 'c1', t0, IP);
  await clock.advance(3000);
  t.deepEqual(exec.commands(), ['started', 'started', 'started']);
  t.false(manager.startupDone(UID, 'app'));
  t.false(manager.readiness(UID, 'app'));

  failing.clear();
  await clock.advance(1000);
  t.true(manager.startupDone(UID, 'app'));
  t.true(manager.readiness(UID, 'app'), 'probed for readiness as soon as it started');
  exec.calls.length = 0;
  await clock.advance(3000);
  t.deepEqual(exec.commands(), ['alive', 'alive', 'alive']);
  await manager.stop();
});

test('a startup probe failing failureThreshold times is reported for a restart', async (t) => {
  const { clock, exec, manager, failures, t0 } = setup();
  await addPod(manager, clock, podWith([{ name: 'app', startupProbe: execProbe('started', { failureThreshold: 2 }) }]));
  failingCommands(exec, new Set(['started']));
  manager.containerStarted(UID, 'app', 'c1', t0, IP);
  await clock.advance(2000);
  t.deepEqual(failures, [[UID, 'app', 'c1', 'Container app failed startup probe', 'startup']]);
  t.false(manager.startupDone(UID, 'app'));
  await manager.stop();
});

test('a restarted or stopped container is unready at once; a stopped one is not probed', async (t) => {
  const { clock, exec, manager, readinessChanges, t0 } = setup();
  await addPod(manager, clock, podWith([{ name: 'app', readinessProbe: execProbe('ready', { periodSeconds: 10 }) }]));
  manager.containerStarted(UID, 'app', 'c1', t0, IP);
  await clock.advance(0);
  t.true(manager.readiness(UID, 'app'));
  manager.containerStarted(UID, 'app', 'c1', t0, IP);
  t.true(manager.readiness(UID, 'app'), 'the same container reported again keeps its result');

  const failing = new Set(['ready']);
  failingCommands(exec, failing);
  manager.containerStarted(UID, 'app', 'c2', clock.now(), IP);
  t.false(manager.readiness(UID, 'app'), 'a new container starts unready');
  failing.clear();
  await clock.advance(0);
  t.true(manager.readiness(UID, 'app'));

  readinessChanges.length = 0;
  manager.containerStopped(UID, 'app');
  t.false(manager.readiness(UID, 'app'));
  t.deepEqual(readinessChanges, [UID]);
  const calls = exec.calls.length;
  await clock.advance(30_000);
  t.is(exec.calls.length, calls);
  await manager.stop();
});

test('an exec probe that outlives its timeout fails with the kubelet words', async (t) => {
  const { clock, exec, manager, events, t0 } = setup();
  await addPod(manager, clock, podWith([{ name: 'app', readinessProbe: execProbe('ready', { timeoutSeconds: 2, periodSeconds: 5 }) }]));
  exec.answer = () => new Promise(() => undefined);
  manager.containerStarted(UID, 'app', 'c1', t0, IP);
  await clock.advance(1999);
  t.deepEqual(events, []);
  await clock.advance(1);
  t.deepEqual(events, [`${UID}/app Unhealthy: Readiness probe failed: command "ready" timed out`]);
  const stopping = manager.stop();
  await clock.advance(2000);
  await stopping;
});

test('workers created right after the manager start their first probe at a random point of the period', async (t) => {
  const { clock, exec, manager, t0 } = setup(() => 0.5);
  await addPod(manager, clock, podWith([{ name: 'app', livenessProbe: execProbe('alive', { periodSeconds: 10 }) }]));
  manager.containerStarted(UID, 'app', 'c1', t0, IP);
  await clock.advance(4999);
  t.is(exec.calls.length, 0);
  await clock.advance(1);
  t.is(exec.calls.length, 1, 'at half the period');
  await clock.advance(9999);
  t.is(exec.calls.length, 1);
  await clock.advance(1);
  t.is(exec.calls.length, 2, 'then every period');
  await manager.stop();
});

test('removing a pod stops its probes and forgets its results', async (t) => {
  const { clock, exec, manager, t0 } = setup();
  await addPod(manager, clock, podWith([{ name: 'app', readinessProbe: execProbe('ready') }]));
  manager.containerStarted(UID, 'app', 'c1', t0, IP);
  await clock.advance(1000);
  await manager.removePod(UID);
  const calls = exec.calls.length;
  await clock.advance(10_000);
  t.is(exec.calls.length, calls);
  t.is(manager.readiness(UID, 'app'), undefined);
});

test('updatePodStatus sets started and ready as the kubelet does, sidecars included', async (t) => {
  const { clock, manager, t0 } = setup();
  const pod = podWith(
    [{ name: 'plain' }, { name: 'probed', readinessProbe: execProbe('ready', { initialDelaySeconds: 60 }) }, { name: 'waiting', startupProbe: execProbe('started') }],
    [{ name: 'init', restartPolicy: undefined }, { name: 'sidecar', restartPolicy: 'Always', readinessProbe: execProbe('ready') }],
  );
  manager.addPod(pod);
  for (const name of ['plain', 'probed', 'sidecar']) manager.containerStarted(UID, name, `id-${name}`, t0, IP);
  await clock.advance(0);
  const running = { running: { startedAt: '2026-01-01T00:00:00Z' } };
  const status = manager.updatePodStatus(pod, {
    phase: 'Running',
    containerStatuses: [
      { name: 'plain', state: running, ready: false, restartCount: 0, image: '', imageID: '' },
      { name: 'probed', state: running, ready: false, restartCount: 0, image: '', imageID: '' },
      { name: 'waiting', state: { waiting: { reason: 'ContainerCreating' } }, ready: false, restartCount: 0, image: '', imageID: '' },
    ],
    initContainerStatuses: [
      { name: 'init', state: { terminated: { exitCode: 0 } }, ready: false, restartCount: 0, image: '', imageID: '' },
      { name: 'sidecar', state: running, ready: false, restartCount: 0, image: '', imageID: '' },
    ],
  });
  const summary = (statuses = [] as typeof status.containerStatuses) => statuses!.map((s) => [s.name, s.started, s.ready]);
  t.deepEqual(summary(status.containerStatuses), [
    ['plain', true, true],
    ['probed', true, false],
    ['waiting', false, false],
  ]);
  t.deepEqual(summary(status.initContainerStatuses), [
    ['init', false, true],
    ['sidecar', true, true],
  ]);
  await manager.stop();
});

test('an httpGet readiness probe on a named port follows the server (real HTTP on 127.0.0.1)', async (t) => {
  let code = 503;
  const server = http.createServer((_req, res) => res.writeHead(code).end());
  await new Promise<void>((resolve) => server.listen(0, IP, resolve));
  t.teardown(() => server.close());
  const { clock, manager, readinessChanges, events, t0 } = setup();
  const container: Container = { name: 'web', ports: [{ name: 'http', containerPort: (server.address() as AddressInfo).port }], readinessProbe: { httpGet: { port: 'http', path: '/ready' }, periodSeconds: 1 } };
  await addPod(manager, clock, podWith([container]));
  manager.containerStarted(UID, 'web', 'c1', t0, IP);
  await waitFor(() => events.length > 0, { timeoutMs: 60_000, what: 'the first readiness probe' });
  t.is(events[0], `${UID}/web Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503`);
  code = 200;
  await clock.advance(1000);
  await waitFor(() => manager.readiness(UID, 'web'), { timeoutMs: 60_000, what: 'ready' });
  t.deepEqual(readinessChanges, [UID, UID]);
  await manager.stop();
});
