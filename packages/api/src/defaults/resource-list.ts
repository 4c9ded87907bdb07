// SetDefaults_ResourceList: quantities are rounded up to milli units and, as every Quantity the
// apiserver serializes, read back in canonical form (`0.5` is returned as `500m`).
import { Quantity, QuantityError } from '../validation/quantity.js';
import { optional, type Obj } from './fields.js';

const NANO_PER_MILLI = 1_000_000n;

function canonical(value: unknown): unknown {
  let quantity: Quantity;
  try {
    quantity = Quantity.fromJson(value);
  } catch (err) {
    // Validation reports the malformed quantity; defaulting leaves it for that.
    if (err instanceof QuantityError) return value;
    throw err;
  }
  const remainder = quantity.nano % NANO_PER_MILLI;
  if (remainder === 0n) return quantity.toString();
  const milli = quantity.nano / NANO_PER_MILLI + (quantity.nano > 0n ? 1n : 0n);
  return Quantity.parse(`${milli}m`).toString();
}

/** Rounds and canonicalizes the quantities of the resource list at holder[key]. */
export function defaultResourceList(holder: Obj | undefined, key: string): void {
  const list = optional(holder, key);
  if (!list) return;
  for (const name of Object.keys(list)) list[name] = canonical(list[name]);
}
