import { applyDefaults as defaultKind } from '@kubeling/api/defaults/apply-defaults';
import { applyCreateDefaults } from '@kubeling/api/defaults/create-defaults';
import type { Admit } from './rest-storage.js';

/**
 * Defaulting as the first admission step (the scheme's SetDefaults_* on every write, and
 * what the registry strategies add on create only), never over what the client set.
 */
export const applyDefaults: Admit = (r, obj, old) => {
  defaultKind(r.group, r.version, r.kind, obj);
  if (!old) applyCreateDefaults(r.group, r.version, r.kind, obj);
};
