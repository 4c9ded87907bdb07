// One store and apiserver per test file, with a client of the caller's making, the real
// kubectl, and components started as processes; all of it goes when the file's tests are done.
import type { TestFn } from 'ava';
import { startApiServerOverStore, kubectl, type ApiServer, type ApiServerOptions, type ApiServerOverStore, type KubectlResult } from './apiserver.js';
import { componentLog, startComponent, type Component, type ComponentName } from './components.js';

export interface TestCluster<C> {
  readonly cluster: ApiServerOverStore;
  readonly api: ApiServer;
  readonly client: C;
  kubectl(args: string[], stdin?: string): Promise<KubectlResult>;
  /** Starts a component with the admin kubeconfig, logging to `<dataDir>/<logName>.log`; stopped after the file's tests. */
  start(name: ComponentName, args: string[], logName?: string): Component;
  /** Runs `fn` after the file's tests, before the components and the cluster stop (in-process controllers, informers). */
  teardown(fn: () => Promise<void> | void): void;
}

/** Call at the top of a test file. */
export function useTestCluster<C extends { close(): void }>(test: TestFn, connect: (api: ApiServer) => C, options: Omit<ApiServerOptions, 'etcdServers'> = {}): TestCluster<C> {
  let cluster: ApiServerOverStore | undefined;
  let client: C | undefined;
  const components: Component[] = [];
  const teardowns: Array<() => Promise<void> | void> = [];
  const started = () => {
    if (!cluster) throw new Error('the apiserver has not started');
    return cluster;
  };
  // ava runs serial hooks before concurrent ones: the cluster is up before any other before
  // hook of the file. After hooks all start together, hence teardown() for what must go first.
  test.serial.before(async () => {
    cluster = await startApiServerOverStore(options);
    client = connect(cluster.api);
  });
  test.after.always(async () => {
    for (const fn of teardowns.reverse()) await fn();
    for (const c of components.reverse()) await c.process.stop();
    client?.close();
    await cluster?.stop();
  });
  return {
    get cluster() {
      return started();
    },
    get api() {
      return started().api;
    },
    get client() {
      started();
      return client!;
    },
    kubectl: (args, stdin) => kubectl(started().api.kubeconfig, args, stdin),
    start(name, args, logName = name) {
      const { api } = started();
      const component = startComponent(name, { kubeconfig: api.kubeconfig, logFile: componentLog(api.dataDir, logName), args });
      components.push(component);
      return component;
    },
    teardown(fn) {
      teardowns.push(fn);
    },
  };
}
