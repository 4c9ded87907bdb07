// One store and apiserver per test file, with an admin gRPC client and the real kubectl on it.
import test from 'ava';
import { ApiClient, ApiClientError } from '@kubeling/client';
import { kubectl, startApiServerOverStore, type ApiServerOverStore, type KubectlResult } from '@kubeling/testing';

export interface ApiFixture {
  readonly client: ApiClient;
  kubectl(args: string[], stdin?: string): Promise<KubectlResult>;
}

/** Starts them before the file's tests and stops them after. */
export function useApiServer(): ApiFixture {
  let cluster: ApiServerOverStore | undefined;
  let client: ApiClient | undefined;
  test.before(async () => {
    cluster = await startApiServerOverStore();
    client = ApiClient.fromKubeconfig(cluster.api.kubeconfig);
  });
  test.after.always(async () => {
    client?.close();
    await cluster?.stop();
  });
  return {
    get client() {
      if (!client) throw new Error('the apiserver has not started');
      return client;
    },
    kubectl: (args, stdin) => kubectl(cluster!.api.kubeconfig, args, stdin),
  };
}

/** The HTTP code a call failed with; 0 when it succeeded. */
export function codeOf(call: Promise<unknown>): Promise<number> {
  return call.then(
    () => 0,
    (err: unknown) => (err instanceof ApiClientError ? err.code : -1),
  );
}
