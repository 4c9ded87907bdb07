import { rfc3339 } from '@kubeling/api/meta-time';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { CREATION_TIMESTAMP_DESCRIPTION, NAME_COLUMN, age, column } from './columns.js';
import type { Printer } from './printer.js';

type AnyObject = { metadata?: ObjectMeta };

/** Go's zero time in RFC 3339, what an object without a creation timestamp shows. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * The apiserver's default table convertor (rest.NewDefaultTableConvertor), which built-in
 * resources without a printer use (roles, clusterroles, limitranges): NAME and CREATED AT, the
 * creation time in RFC 3339 and UTC.
 */
export const createdAtPrinter: Printer<AnyObject> = {
  columns: [NAME_COLUMN, column('Created At', CREATION_TIMESTAMP_DESCRIPTION, { type: 'date' })],
  cells(object) {
    return [object.metadata?.name ?? '', createdAt(object.metadata?.creationTimestamp)];
  },
};

/** time.Time.UTC().Format(time.RFC3339): whole seconds, "Z". */
function createdAt(timestamp: string | undefined): string {
  const at = timestamp ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(at)) return ZERO_TIME;
  return rfc3339(new Date(at));
}

/**
 * Any other resource: NAME and AGE, as custom resources without printer columns show (the
 * CustomResourceDefinition's default Age column, a date rendered as an age).
 */
export const nameAgePrinter: Printer<AnyObject> = {
  columns: [
    NAME_COLUMN,
    column('Age', 'Custom resource definition column (in JSONPath format): .metadata.creationTimestamp', { type: 'date' }),
  ],
  cells(object, now) {
    return [object.metadata?.name ?? '', age(object.metadata, now)];
  },
};
