// The result of running a plugin (framework.Status): a code, the reasons users read in
// FailedScheduling events, and the plugin that produced it. Plugins return a Status; they
// never throw for an expected outcome.

/** framework.Code, the subset this scheduler uses. */
export type Code = 'Success' | 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Skip';

export class Status {
  private static readonly SUCCESS = new Status('Success', [], '');

  private constructor(
    readonly code: Code,
    /** Kubernetes' wording, e.g. "Insufficient cpu"; counted per reason in the fit error. */
    readonly reasons: readonly string[],
    /** The plugin that rejected the pod or failed, once the framework has set it. */
    readonly plugin: string,
    /** What an Error status came from, for callers that tell failures apart (a pod gone, a conflict). */
    readonly cause?: unknown,
  ) {}

  static success(): Status {
    return Status.SUCCESS;
  }

  /** Rejected, but preemption may help (e.g. resources, anti-affinity). */
  static unschedulable(...reasons: string[]): Status {
    return new Status('Unschedulable', reasons, '');
  }

  /** Rejected, and no preemption can help (e.g. a node selector or an untolerated taint). */
  static unresolvable(...reasons: string[]): Status {
    return new Status('UnschedulableAndUnresolvable', reasons, '');
  }

  /** The plugin has nothing to do for this pod; its Filter or Score is skipped this cycle. */
  static skip(): Status {
    return new Status('Skip', [], '');
  }

  /** An unexpected failure (framework.AsStatus): the pod is retried with backoff. */
  static error(error: Error | string): Status {
    return new Status('Error', [typeof error === 'string' ? error : error.message], '', error);
  }

  isSuccess(): boolean {
    return this.code === 'Success';
  }

  isSkip(): boolean {
    return this.code === 'Skip';
  }

  /** Unschedulable or UnschedulableAndUnresolvable: the node or pod was turned down, nothing broke. */
  isRejected(): boolean {
    return this.code === 'Unschedulable' || this.code === 'UnschedulableAndUnresolvable';
  }

  /** The reasons joined as Kubernetes joins them (Status.Message). */
  message(): string {
    return this.reasons.join(', ');
  }

  withPlugin(plugin: string): Status {
    return this.code === 'Success' ? this : new Status(this.code, this.reasons, plugin, this.cause);
  }

  asError(): Error {
    return new Error(this.message());
  }

  toString(): string {
    return this.reasons.length === 0 ? this.code : `${this.code}: ${this.message()}`;
  }
}
