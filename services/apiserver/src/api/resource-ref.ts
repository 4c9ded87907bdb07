/** Which object or collection a call is about, in Kubernetes' REST coordinates. */
export interface ResourceRef {
  group: string;
  version: string;
  /** The plural REST name: "pods". */
  resource: string;
  /** Absent: cluster-scoped, or every namespace for list and watch. */
  namespace?: string;
  name?: string;
  /** "status", "scale", "binding", "eviction". */
  subresource?: string;
}

/** Options of writes, as query parameters carry them over HTTP. */
export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  /** Unknown fields: Strict rejects them (400), Warn reports them through `warn`, Ignore says nothing. */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  warn?: (message: string) => void;
}
