import { defaultZero, optional, type Obj } from './fields.js';

/** SetDefaults_ObjectFieldSelector on `holder.fieldRef` (env valueFrom, downward API items). */
export function defaultFieldRef(holder: Obj | undefined): void {
  const fieldRef = optional(holder, 'fieldRef');
  if (fieldRef) defaultZero(fieldRef, 'apiVersion', 'v1');
}
