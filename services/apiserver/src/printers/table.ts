import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { printerFor } from './index.js';

/** A column of a meta.k8s.io/v1 Table. Kubernetes always sends all five fields. */
export interface TableColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: '' | 'name';
  description: string;
  /** 0: always shown; 1: shown with `-o wide` only. */
  priority: number;
}

export type TableCell = string | number | boolean;

export interface TableRowCondition {
  type: 'Completed';
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ObjectMeta;
}

export interface TableRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
  object?: object;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableOptions {
  /** What each row carries in `object`; kubectl's default (not sent) is Metadata. */
  includeObject: IncludeObject;
  /** The moment ages are measured from. */
  now: Date;
  resourceVersion?: string;
  continueToken?: string;
}

/**
 * The Table the apiserver answers `kubectl get` with for `objects` of `resource` (a plural REST
 * name such as "pods"): one row per object, cells rendered as Kubernetes' printers render them.
 */
export function buildTable(resource: string, objects: object[], options: TableOptions): Table {
  const printer = printerFor(resource);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: tableMetadata(options),
    columnDefinitions: [...printer.columns],
    rows: objects.map((object) => {
      const row: TableRow = { cells: printer.cells(object, options.now) };
      const conditions = printer.conditions?.(object);
      if (conditions) row.conditions = conditions;
      const carried = rowObject(object, options.includeObject);
      if (carried) row.object = carried;
      return row;
    }),
  };
}

function tableMetadata(options: TableOptions): Table['metadata'] {
  const metadata: Table['metadata'] = {};
  if (options.resourceVersion !== undefined) metadata.resourceVersion = options.resourceVersion;
  if (options.continueToken) metadata.continue = options.continueToken;
  return metadata;
}

/**
 * The row's `object` as the apiserver's asTable sets it. It must carry kind and apiVersion:
 * kubectl silently fails to decode the whole Table otherwise.
 */
function rowObject(object: object, includeObject: IncludeObject): object | undefined {
  switch (includeObject) {
    case 'None':
      return undefined;
    case 'Object':
      return object;
    case 'Metadata':
      return partialObjectMetadata(object);
  }
}

function partialObjectMetadata(object: { metadata?: ObjectMeta }): PartialObjectMetadata {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata ?? {} };
}
