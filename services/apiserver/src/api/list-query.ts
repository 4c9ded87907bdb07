import { errors } from '../errors.js';

/** The query parameters of list and watch calls. */
export interface ListQuery {
  limit?: number;
  continue?: string;
  resourceVersion?: bigint;
  labelSelector: string;
  fieldSelector: string;
  timeoutSeconds?: number;
}

function nonNegativeInt(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw errors.badRequest(`invalid ${name}: ${JSON.stringify(raw)}: must be a non-negative integer`);
  return Number(raw);
}

export function listQuery(query: URLSearchParams): ListQuery {
  const rv = query.get('resourceVersion');
  if (rv !== null && rv !== '' && !/^\d+$/.test(rv)) throw errors.badRequest(`invalid resource version: ${JSON.stringify(rv)}`);
  return {
    limit: nonNegativeInt(query, 'limit'),
    continue: query.get('continue') || undefined,
    resourceVersion: rv ? BigInt(rv) : undefined,
    labelSelector: query.get('labelSelector') ?? '',
    fieldSelector: query.get('fieldSelector') ?? '',
    timeoutSeconds: nonNegativeInt(query, 'timeoutSeconds'),
  };
}

export function isDryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  for (const v of values) if (v !== 'All') throw errors.badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  return values.length > 0;
}
