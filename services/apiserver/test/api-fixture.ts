// One store and apiserver per test file, with an admin gRPC client and the real kubectl on it.
import test from 'ava';
import { ApiClient, ApiClientError } from '@kubeling/client';
import { useTestCluster, type TestCluster } from '@kubeling/testing';

export type ApiFixture = TestCluster<ApiClient>;

/** Starts them before the file's tests and stops them after. */
export function useApiServer(): ApiFixture {
  return useTestCluster(test, (api) => ApiClient.fromKubeconfig(api.kubeconfig));
}

/** The HTTP code a call failed with; 0 when it succeeded. */
export function codeOf(call: Promise<unknown>): Promise<number> {
  return call.then(
    () => 0,
    (err: unknown) => (err instanceof ApiClientError ? err.code : -1),
  );
}
