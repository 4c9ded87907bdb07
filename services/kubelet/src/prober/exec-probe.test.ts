import test from 'ava';
import { execProbe } from './exec-probe.js';
import { exited, FakeClock, FakeExec, settle } from './fakes.test-support.js';

test('exit code 0 is a success, any other a failure with stdout and stderr as output', async (t) => {
  const exec = new FakeExec();
  const clock = new FakeClock();
  exec.answer = () => exited(0, 'ok');
  t.deepEqual(await execProbe(exec, clock, 'c1', ['cat', '/tmp/healthy'], 1), { result: 'Success', output: 'ok' });
  exec.answer = () => exited(1, 'out ', 'cat: /tmp/healthy: No such file or directory');
  t.deepEqual(await execProbe(exec, clock, 'c1', ['cat', '/tmp/healthy'], 1), { result: 'Failure', output: 'out cat: /tmp/healthy: No such file or directory' });
  t.deepEqual(exec.calls[0], { containerId: 'c1', cmd: ['cat', '/tmp/healthy'], timeout: 1n });
});

test('a command still running at the timeout fails as the kubelet words it', async (t) => {
  const exec = new FakeExec();
  const clock = new FakeClock();
  exec.answer = () => new Promise(() => undefined);
  const probing = execProbe(exec, clock, 'c1', ['sh', '-c', 'sleep 10'], 2);
  let done = false;
  void probing.then(() => (done = true));
  await clock.advance(1999);
  t.false(done, 'still within the timeout');
  await clock.advance(1);
  t.deepEqual(await probing, { result: 'Failure', output: 'command "sh -c sleep 10" timed out' });
});

test('the runtime reporting DeadlineExceeded is a timeout; other runtime errors are errors, not results', async (t) => {
  const exec = new FakeExec();
  const clock = new FakeClock();
  exec.answer = () => Promise.reject(Object.assign(new Error('x'), { code: 4, details: 'deadline' }));
  t.deepEqual(await execProbe(exec, clock, 'c1', ['true'], 1), { result: 'Failure', output: 'command "true" timed out' });
  exec.answer = () => Promise.reject(Object.assign(new Error('x'), { code: 5, details: 'no such container: c1' }));
  const errored = await execProbe(exec, clock, 'c1', ['true'], 1);
  t.is(errored.result, 'Unknown');
  t.is(errored.error?.message, 'rpc error: code = NotFound desc = no such container: c1');
  await settle();
});

test('the output is capped at 10 KiB', async (t) => {
  const exec = new FakeExec();
  exec.answer = () => exited(1, 'x'.repeat(20_000));
  const { output } = await execProbe(exec, new FakeClock(), 'c1', ['true'], 1);
  t.is(output.length, 10 * 1024);
});
