import type { Container } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { timestampSince } from './human-duration.js';
import type { TableColumnDefinition } from './table.js';

/** A column as printers.go declares one; only what differs from a plain string column is given. */
export function column(
  name: string,
  description: string,
  options: Partial<Pick<TableColumnDefinition, 'type' | 'format' | 'priority'>> = {},
): TableColumnDefinition {
  return { name, type: options.type ?? 'string', format: options.format ?? '', description, priority: options.priority ?? 0 };
}

/** A column shown only with `-o wide`. */
export function wideColumn(name: string, description: string, type: TableColumnDefinition['type'] = 'string'): TableColumnDefinition {
  return column(name, description, { type, priority: 1 });
}

// ObjectMeta's own documentation, which Kubernetes uses as these columns' descriptions.
const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
export const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export const NAME_COLUMN = column('Name', NAME_DESCRIPTION, { format: 'name' });
export const AGE_COLUMN = column('Age', CREATION_TIMESTAMP_DESCRIPTION);
export const CONTAINERS_COLUMN = wideColumn('Containers', 'Names of each container in the template.');
export const IMAGES_COLUMN = wideColumn('Images', 'Images referenced by each container in the template.');

/** The AGE cell: how long ago the object was created. */
export function age(metadata: ObjectMeta | undefined, now: Date): string {
  return timestampSince(metadata?.creationTimestamp, now);
}

/** printers.go layoutContainerCells: container names and images, each comma-joined. */
export function containerCells(containers: Container[] | undefined): [names: string, images: string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

/** `value`, or "<none>" when it is empty, as printers.go shows missing values. */
export function orNone(value: string | undefined | null): string {
  return value ? value : '<none>';
}
