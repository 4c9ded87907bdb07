// The scheduler's configuration once decoded, defaulted and validated (the internal
// KubeSchedulerConfiguration of pkg/scheduler/apis/config), limited to what this scheduler runs.

/** The extension points a configuration may list plugins for, besides multiPoint. */
export const EXTENSION_POINTS = ['preFilter', 'filter', 'preScore', 'score', 'reserve', 'bind'] as const;
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

export interface PluginRef {
  readonly name: string;
  /** Score weight; 0 or absent means the plugin's default (multiPoint's, else 1). */
  readonly weight?: number;
}

export interface PluginSet {
  readonly enabled: readonly PluginRef[];
  /** Names turned off at this point; "*" turns off every default. */
  readonly disabled: readonly PluginRef[];
}

/** multiPoint enables a plugin at every extension point it implements. */
export type Plugins = Readonly<Record<'multiPoint' | ExtensionPoint, PluginSet>>;

export interface Profile {
  readonly schedulerName: string;
  /** Overrides the configuration's percentageOfNodesToScore for this profile. */
  readonly percentageOfNodesToScore?: number;
  readonly plugins: Plugins;
  /** Plugin name → its decoded and defaulted args. */
  readonly pluginConfig: ReadonlyMap<string, unknown>;
}

export interface KubeSchedulerConfiguration {
  /** 0 means adaptive: 50% minus 1% per 125 nodes, at least 5%. */
  readonly percentageOfNodesToScore: number;
  readonly profiles: readonly Profile[];
}

export const API_VERSION = 'kubescheduler.config.k8s.io/v1';
export const KIND = 'KubeSchedulerConfiguration';
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
