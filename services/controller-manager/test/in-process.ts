// Controllers run inside the test process on their own informers, against the fixture's
// apiserver: they start once the caches have synced and stop when the test file is done.
import { SharedInformerFactory, type ApiClient } from '@kubeling/client';
import type { ClusterFixture } from './cluster-fixture.js';

interface Runnable {
  run(workers?: number): Promise<void>;
  stop(): void;
}

export interface InProcess {
  factory: SharedInformerFactory;
  stop(): Promise<void>;
}

/** `make` builds the controllers on the factory, each with its number of workers. */
export function runInProcess(client: ApiClient, make: (factory: SharedInformerFactory) => Array<[Runnable, number]>): InProcess {
  const factory = new SharedInformerFactory(client);
  const controllers = make(factory);
  factory.start();
  const running = factory.waitForCacheSync().then(() => Promise.all(controllers.map(([c, workers]) => c.run(workers))));
  return {
    factory,
    async stop() {
      for (const [c] of controllers) c.stop();
      await running;
      factory.shutdown();
    },
  };
}

/** The same, stopped after the file's tests before the cluster goes. */
export function runForFile(fixture: ClusterFixture, make: (factory: SharedInformerFactory) => Array<[Runnable, number]>): InProcess {
  const started = runInProcess(fixture.client, make);
  fixture.teardown(() => started.stop());
  return started;
}
