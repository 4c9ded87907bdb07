// What plugins compute once per scheduling cycle and read back later in the same cycle
// (framework.CycleState): PreFilter's state for Filter, PreScore's for Score. A key is typed,
// so a plugin reads back exactly what it wrote.

/** A key to one plugin's state; the name is what Kubernetes calls it, e.g. "PreFilterNodeResourcesFit". */
export class StateKey<T> {
  declare private readonly type: T;

  constructor(readonly name: string) {}
}

export class CycleState {
  private readonly storage = new Map<string, unknown>();
  /** Plugins whose PreFilter returned Skip: their Filter is not run this cycle. */
  readonly skipFilterPlugins = new Set<string>();
  /** Plugins whose PreScore returned Skip: their Score is not run this cycle. */
  readonly skipScorePlugins = new Set<string>();

  write<T>(key: StateKey<T>, value: T): void {
    this.storage.set(key.name, value);
  }

  /** The value written under key, or undefined when the extension point that writes it did not run. */
  read<T>(key: StateKey<T>): T | undefined {
    return this.storage.get(key.name) as T | undefined;
  }
}

/** The error a plugin reports when its earlier extension point's state is missing, in Kubernetes' words. */
export function missingStateMessage(key: StateKey<unknown>): string {
  return `reading "${key.name}" from cycleState: not found`;
}
