// One framework per profile, found by the scheduler name a pod asks for (profile.Map).
import type { KubeSchedulerConfiguration } from './config/types.js';
import { Framework } from './framework.js';
import type { BindingClient, ClusterListers } from './interface.js';
import type { Registry } from './registry.js';

/** schedulerName → its framework; throws, naming the profile, when one cannot be built. */
export function newProfiles(config: KubeSchedulerConfiguration, registry: Registry, listers: ClusterListers, client: BindingClient): ReadonlyMap<string, Framework> {
  const profiles = new Map<string, Framework>();
  for (const profile of config.profiles) {
    try {
      profiles.set(profile.schedulerName, new Framework(profile, registry, { listers, client, percentageOfNodesToScore: config.percentageOfNodesToScore }));
    } catch (error) {
      throw new Error(`initializing profiles: creating profile for scheduler name ${profile.schedulerName}: ${(error as Error).message}`);
    }
  }
  return profiles;
}
