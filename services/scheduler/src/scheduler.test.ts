import test from 'ava';
import type { ApiClient, EventRecorder } from '@kubeling/client';
import { pino } from 'pino';
import { SchedulerCache } from './cache/scheduler-cache.js';
import { PriorityQueue } from './queue/scheduling-queue.js';
import { Scheduler } from './scheduler.js';

test('a scheduler that stops leading leaves no pod stranded: one its waiting pop takes later goes back to the queue', async (t) => {
  const queue = new PriorityQueue(new Map());
  t.teardown(() => queue.close());
  const scheduler = new Scheduler({
    client: {} as ApiClient,
    recorder: {} as EventRecorder,
    frameworks: new Map(),
    queue,
    cache: new SchedulerCache(),
    log: pino({ level: 'silent' }),
  });
  const leading = new AbortController();
  const running = scheduler.run(leading.signal);
  leading.abort();
  await running;
  queue.add({ metadata: { name: 'late', namespace: 'default', uid: 'u-late' }, spec: { containers: [] } });
  await new Promise((resolve) => setImmediate(resolve));
  t.deepEqual(queue.pendingPods().activeQ.map((p) => p.metadata?.name), ['late']);
});
