// Expectations (controller.ControllerExpectations): what a controller is waiting for its
// informer to show after its own writes. A controller that has just asked for N pods must
// not act on a cache that does not show them yet, or it would ask for them again; it waits
// until every create and delete it made has been observed, or until 5 minutes have passed
// (a lost watch event must not stall it forever).
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface ControlleeExpectations {
  add: number;
  del: number;
  timestamp: number;
}

export class ControllerExpectations {
  private readonly store = new Map<string, ControlleeExpectations>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The outstanding adds and deletes of a controller, if any were set. */
  getExpectations(key: string): { add: number; del: number } | undefined {
    const exp = this.store.get(key);
    return exp && { add: exp.add, del: exp.del };
  }

  /** True when the controller may act: nothing expected, all observed, or the expectations expired. */
  satisfiedExpectations(key: string): boolean {
    const exp = this.store.get(key);
    if (!exp) return true;
    if (exp.add <= 0 && exp.del <= 0) return true;
    return this.now() - exp.timestamp > EXPECTATIONS_TIMEOUT_MS;
  }

  setExpectations(key: string, add: number, del: number): void {
    this.store.set(key, { add, del, timestamp: this.now() });
  }

  expectCreations(key: string, adds: number): void {
    this.setExpectations(key, adds, 0);
  }

  expectDeletions(key: string, dels: number): void {
    this.setExpectations(key, 0, dels);
  }

  raiseExpectations(key: string, add: number, del: number): void {
    const exp = this.store.get(key);
    if (!exp) return;
    exp.add += add;
    exp.del += del;
  }

  lowerExpectations(key: string, add: number, del: number): void {
    this.raiseExpectations(key, -add, -del);
  }

  creationObserved(key: string): void {
    this.lowerExpectations(key, 1, 0);
  }

  deletionObserved(key: string): void {
    this.lowerExpectations(key, 0, 1);
  }

  deleteExpectations(key: string): void {
    this.store.delete(key);
  }
}

/**
 * Deletions tracked by the keys (namespace/name) of the pods deleted
 * (controller.UIDTrackingControllerExpectations): a pod is counted once, whether its
 * deletion shows as a deletionTimestamp, as a delete, or both.
 */
export class UIDTrackingControllerExpectations {
  private readonly uids = new Map<string, Set<string>>();

  constructor(private readonly expectations = new ControllerExpectations()) {}

  getUIDs(key: string): ReadonlySet<string> | undefined {
    return this.uids.get(key);
  }

  satisfiedExpectations(key: string): boolean {
    return this.expectations.satisfiedExpectations(key);
  }

  getExpectations(key: string): { add: number; del: number } | undefined {
    return this.expectations.getExpectations(key);
  }

  expectCreations(key: string, adds: number): void {
    this.expectations.expectCreations(key, adds);
  }

  creationObserved(key: string): void {
    this.expectations.creationObserved(key);
  }

  /** Replaces any keys still expected: a new round of deletes is decided on a cache that no longer shows the old ones as active. */
  expectDeletions(key: string, deletedKeys: readonly string[]): void {
    const expected = new Set(deletedKeys);
    this.uids.set(key, expected);
    this.expectations.expectDeletions(key, expected.size);
  }

  deletionObserved(key: string, deletedKey: string): void {
    const expected = this.uids.get(key);
    if (!expected?.delete(deletedKey)) return;
    this.expectations.deletionObserved(key);
  }

  deleteExpectations(key: string): void {
    this.uids.delete(key);
    this.expectations.deleteExpectations(key);
  }
}
