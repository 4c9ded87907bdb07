import type { TableCell, TableColumnDefinition, TableRowCondition } from './table.js';

/**
 * How one resource is shown by `kubectl get`: its columns and, per object, the cells of its row.
 * Rows always carry every column, wide ones included, as the apiserver's printers are run with
 * Wide: true; kubectl hides the priority-1 columns unless asked for `-o wide`.
 */
export interface Printer<T> {
  readonly columns: readonly TableColumnDefinition[];
  cells(object: T, now: Date): TableCell[];
  conditions?(object: T): TableRowCondition[] | undefined;
}
