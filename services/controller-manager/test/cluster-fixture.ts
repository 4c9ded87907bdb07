// One store and apiserver per test file with an admin client; components the file starts
// (scheduler, hollow nodes, controller-manager) are stopped after its tests.
import test from 'ava';
import { ApiClient } from '@kubeling/client';
import { useTestCluster, waitForLog, type TestCluster } from '@kubeling/testing';

export type ClusterFixture = TestCluster<ApiClient>;

export const useCluster = (): ClusterFixture => useTestCluster(test, (api) => ApiClient.fromKubeconfig(api.kubeconfig));

export interface ClusterComponents {
  /** --controllers for a controller-manager (without leader election); none when absent. */
  controllers?: string[];
  scheduler?: boolean;
  /** How many hollow nodes (one process) make pods Running and Ready. */
  hollowNodes?: number;
}

/** Starts the components asked for and waits until each is ready. */
export async function startComponents(fixture: ClusterFixture, want: ClusterComponents): Promise<void> {
  const ready: Array<Promise<void>> = [];
  if (want.controllers) ready.push(waitForLog(fixture.start('controller-manager', ['--leader-elect=false', '--controllers', want.controllers.join(',')]), 'caches synced; controllers running', 120_000));
  if (want.scheduler) ready.push(waitForLog(fixture.start('scheduler', ['--leader-elect=false']), 'caches synced', 120_000));
  if (want.hollowNodes) ready.push(waitForLog(fixture.start('hollow-node', ['--count', String(want.hollowNodes)]), 'hollow nodes registered', 120_000));
  await Promise.all(ready);
}
