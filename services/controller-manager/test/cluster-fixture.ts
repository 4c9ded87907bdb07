// One store and apiserver per test file with an admin client; components the file starts
// (scheduler, hollow nodes, controller-manager) are stopped after its tests.
import test from 'ava';
import { ApiClient } from '@kubeling/client';
import { useTestCluster, type TestCluster } from '@kubeling/testing';

export type ClusterFixture = TestCluster<ApiClient>;

export const useCluster = (): ClusterFixture => useTestCluster(test, (api) => ApiClient.fromKubeconfig(api.kubeconfig));
