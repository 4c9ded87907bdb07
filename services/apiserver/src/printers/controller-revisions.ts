import type { ControllerRevision } from 'kubernetes-types/apps/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { AGE_COLUMN, NAME_COLUMN, age, column } from './columns.js';
import type { Printer } from './printer.js';

export const controllerRevisionPrinter: Printer<ControllerRevision> = {
  columns: [
    NAME_COLUMN,
    column('Controller', 'Controller of the object'),
    column('Revision', 'Revision indicates the revision of the state represented by Data.'),
    AGE_COLUMN,
  ],
  cells(revision, now) {
    const owner = revision.metadata?.ownerReferences?.find((ref) => ref.controller);
    return [revision.metadata?.name ?? '', owner ? controllerName(owner) : '<none>', revision.revision, age(revision.metadata, now)];
  },
};

/** formatResourceName with kind: "<kind>.<group>/<name>" lower-cased, the group omitted for the core group. */
function controllerName(owner: OwnerReference): string {
  const slash = owner.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : owner.apiVersion.slice(0, slash);
  const groupKind = group ? `${owner.kind}.${group}` : owner.kind;
  return `${groupKind.toLowerCase()}/${owner.name}`;
}
