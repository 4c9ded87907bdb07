import type { ResourceInfo } from '@kubeling/api';
import { invalidMessage, statusCauses, type FieldError } from '@kubeling/api/validation/field-errors';
import { validateObject } from '@kubeling/api/validation/validate';
import { nameIsDNS1035Label, nameIsDNSLabel, nameIsDNSSubdomain, validateObjectMeta, type NameValidator } from '@kubeling/api/validation/names';
import { errors } from '../errors.js';
import type { KubeObject } from '../storage/object.js';
import type { Admit } from './rest-storage.js';

/** Names as each resource's validation requires them (most are DNS subdomains). */
const NAME_RULES: Record<string, NameValidator> = {
  namespaces: nameIsDNSLabel,
  services: nameIsDNS1035Label,
};

/**
 * Validation as the registry strategies run it, after defaulting: the metadata every
 * resource gets (names, namespace, labels, annotations), then the kind's own spec checks
 * (on update, against the stored object), all reported together as one 422.
 */
export function validate(nodePortRange: [number, number]): Admit {
  return (r, obj, old) => {
    const meta = validateObjectMeta((obj.metadata ?? {}) as Parameters<typeof validateObjectMeta>[0], { namespaced: r.namespaced, validateName: NAME_RULES[r.resource] ?? nameIsDNSSubdomain });
    const spec = validateObject(r.group, r.version, r.kind, obj, old, { nodePortRange });
    reject(r, obj, [...meta, ...spec]);
  };
}

function reject(r: ResourceInfo, obj: KubeObject, problems: FieldError[]): void {
  if (problems.length > 0) {
    const name = obj.metadata?.name ?? '';
    throw errors.invalid(r, name, invalidMessage({ group: r.group, kind: r.kind }, name, problems), statusCauses(problems));
  }
}

/**
 * NamespaceLifecycle: a namespaced object may be created only in a namespace that exists
 * and is not being deleted.
 */
export function namespaceLifecycle(getNamespace: (name: string) => Promise<KubeObject | undefined>): Admit {
  return async (r, obj, old) => {
    if (!r.namespaced || old) return;
    const name = obj.metadata?.namespace ?? '';
    const ns = await getNamespace(name);
    if (!ns) throw errors.notFound({ group: '', resource: 'namespaces' }, name);
    if (ns.metadata?.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating') {
      throw errors.forbidden(`${r.resource} "${obj.metadata?.name}" is forbidden: unable to create new content in namespace ${name} because it is being terminated`, [
        { reason: 'NamespaceTerminating', message: `namespace ${name} is being terminated`, field: 'metadata.namespace' },
      ]);
    }
  };
}

/** The admission chain: every plugin in order, any may reject. */
export function chain(...plugins: Admit[]): Admit {
  return async (r, obj, old) => {
    for (const plugin of plugins) await plugin(r, obj, old);
  };
}
