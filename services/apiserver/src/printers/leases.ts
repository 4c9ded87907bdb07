import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { AGE_COLUMN, NAME_COLUMN, age, column } from './columns.js';
import type { Printer } from './printer.js';

export const leasePrinter: Printer<Lease> = {
  columns: [NAME_COLUMN, column('Holder', 'holderIdentity contains the identity of the holder of a current lease.'), AGE_COLUMN],
  cells(lease, now) {
    return [lease.metadata?.name ?? '', lease.spec?.holderIdentity ?? '', age(lease.metadata, now)];
  },
};
