// Secrets: SetDefaults_Secret.
import { defaultZero, type Obj } from './fields.js';

export function defaultSecret(secret: Obj): void {
  defaultZero(secret, 'type', 'Opaque');
}
