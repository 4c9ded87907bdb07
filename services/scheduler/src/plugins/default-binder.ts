// DefaultBinder: binds a pod through the pods/binding subresource, as kube-scheduler's does.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from '../framework/cycle-state.js';
import type { BindPlugin, Handle } from '../framework/interface.js';
import type { PluginRegistration } from '../framework/registry.js';
import { Status } from '../framework/status.js';
import { DefaultBinder as NAME } from './names.js';

/** The Binding object: the uid makes the apiserver refuse a binding for a pod recreated under the same name. */
export function bindingFor(pod: Pod, nodeName: string) {
  const { name, namespace, uid } = pod.metadata ?? {};
  return { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace, uid }, target: { apiVersion: 'v1', kind: 'Node', name: nodeName } };
}

export class DefaultBinderPlugin implements BindPlugin {
  readonly name = NAME;

  constructor(private readonly handle: Handle) {}

  async bind(_state: CycleState, pod: Pod, nodeName: string): Promise<Status> {
    const { name, namespace } = pod.metadata ?? {};
    try {
      await this.handle.client.create({ version: 'v1', resource: 'pods', namespace, name, subresource: 'binding' }, bindingFor(pod, nodeName));
      return Status.success();
    } catch (err) {
      return Status.error(err instanceof Error ? err : String(err));
    }
  }
}

export const defaultBinderRegistration: PluginRegistration = { name: NAME, factory: (_args, handle) => new DefaultBinderPlugin(handle) };
