// Plugin name → how to build it (runtime.Registry), with how its pluginConfig args are decoded,
// validated and defaulted, so a configuration is checked against the plugins that exist.
import type { FieldPath } from '@kubeling/api/validation/field-errors';
import type { Decoder } from './config/decode.js';
import type { Handle, Plugin } from './interface.js';

/** The args of one plugin: defaults, and the decoding of `pluginConfig[].args` from YAML. */
export interface ArgsCodec<Args> {
  defaults(): Args;
  /** Decodes and validates args over the defaults, reporting problems with paths below `path`. */
  decode(raw: unknown, path: FieldPath, decoder: Decoder): Args;
}

export interface PluginRegistration<Args = undefined> {
  readonly name: string;
  readonly factory: (args: Args, handle: Handle) => Plugin;
  /** Absent for plugins that take no args. */
  readonly args?: ArgsCodec<Args>;
}

export class Registry {
  private readonly registrations = new Map<string, PluginRegistration<unknown>>();

  /** Adds a plugin; a name registered twice is a programming error. */
  register<Args>(registration: PluginRegistration<Args>): void {
    if (this.registrations.has(registration.name)) throw new Error(`a plugin named ${registration.name} already exists`);
    this.registrations.set(registration.name, registration as PluginRegistration<unknown>);
  }

  get(name: string): PluginRegistration<unknown> | undefined {
    return this.registrations.get(name);
  }

  has(name: string): boolean {
    return this.registrations.has(name);
  }
}
