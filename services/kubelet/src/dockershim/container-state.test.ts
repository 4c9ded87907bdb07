import test from 'ava';
import { ContainerState, PodSandboxState } from '@kubeling/proto/cri';
import { containerStateOf, mapContainerState, sandboxStateOf } from './container-state.js';
import { rfc3339ToNanos } from './timestamps.js';

const ZERO = '0001-01-01T00:00:00Z';

test('RFC3339Nano times become nanoseconds; the zero time and garbage become 0', (t) => {
  t.is(rfc3339ToNanos('2026-12-02T18:27:33.123456789Z'), 1796236053123456789n);
  t.is(rfc3339ToNanos('2026-12-02T18:27:33.5Z'), 1796236053500000000n);
  t.is(rfc3339ToNanos('2026-12-02T18:27:33Z'), 1796236053000000000n);
  t.is(rfc3339ToNanos(ZERO), 0n);
  t.is(rfc3339ToNanos('yesterday'), 0n);
  t.is(rfc3339ToNanos(undefined), 0n);
});

test('docker state words map to CRI states', (t) => {
  t.is(containerStateOf('created'), ContainerState.CONTAINER_CREATED);
  t.is(containerStateOf('running'), ContainerState.CONTAINER_RUNNING);
  t.is(containerStateOf('exited'), ContainerState.CONTAINER_EXITED);
  t.is(containerStateOf('dead'), ContainerState.CONTAINER_EXITED);
  t.is(containerStateOf('removing'), ContainerState.CONTAINER_UNKNOWN);
  t.is(sandboxStateOf('running'), PodSandboxState.SANDBOX_READY);
  t.is(sandboxStateOf('exited'), PodSandboxState.SANDBOX_NOTREADY);
});

test('a running container has a start time and no finish', (t) => {
  const s = mapContainerState({ Status: 'running', Running: true, StartedAt: '2026-12-02T18:27:33Z', FinishedAt: ZERO }, 1n);
  t.is(s.state, ContainerState.CONTAINER_RUNNING);
  t.true(s.startedAt > 0n);
  t.is(s.finishedAt, 0n);
});

test('an exited container carries its exit code and reason; OOM kills say OOMKilled', (t) => {
  const base = { Status: 'exited', Running: false, StartedAt: '2026-12-02T18:27:33Z', FinishedAt: '2026-12-02T18:27:34Z' };
  t.like(mapContainerState({ ...base, ExitCode: 0 }, 1n), { state: ContainerState.CONTAINER_EXITED, exitCode: 0, reason: 'Completed' });
  t.like(mapContainerState({ ...base, ExitCode: 3 }, 1n), { exitCode: 3, reason: 'Error' });
  t.like(mapContainerState({ ...base, ExitCode: 137, OOMKilled: true }, 1n), { exitCode: 137, reason: 'OOMKilled' });
});

test('a container that could not start is exited with ContainerCannotRun and the engine message', (t) => {
  const s = mapContainerState({ Status: 'created', ExitCode: 127, Error: 'exec: "nope": not found', StartedAt: ZERO, FinishedAt: ZERO }, 42n);
  t.like(s, { state: ContainerState.CONTAINER_EXITED, exitCode: 127, reason: 'ContainerCannotRun', message: 'exec: "nope": not found', finishedAt: 42n });
  t.like(mapContainerState({ Status: 'created', StartedAt: ZERO, FinishedAt: ZERO }, 42n), { state: ContainerState.CONTAINER_CREATED, reason: '' });
});
