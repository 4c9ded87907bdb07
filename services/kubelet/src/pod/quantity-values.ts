// Quantity.MilliValue and Quantity.Value over the API's resource lists: amounts rounded up,
// as the kubelet rounds them.
import { Quantity } from '@kubeling/api/validation/quantity';

/** A resource list as the API holds it: `{cpu: "2", memory: "4Gi"}`. */
export type ResourceList = Readonly<Record<string, string>>;

const NANO_PER_MILLI = 1_000_000n;
const NANO_PER_UNIT = 1_000_000_000n;

export function ceilDiv(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  return numerator > 0n && quotient * denominator !== numerator ? quotient + 1n : quotient;
}

export const milliValue = (nano: bigint) => ceilDiv(nano, NANO_PER_MILLI);
export const unitValue = (nano: bigint) => ceilDiv(nano, NANO_PER_UNIT);

/** The amount of `name` in nano units; 0 when the list does not hold it. */
export const nanoOf = (list: ResourceList | undefined, name: string): bigint => (list?.[name] === undefined ? 0n : Quantity.fromJson(list[name]).nano);

/** The quantity `text` in nano units. */
export const parseNano = (text: string): bigint => Quantity.fromJson(text).nano;

/** One whole unit (the divisor Kubernetes uses when none is given). */
export const ONE_NANO_UNIT = NANO_PER_UNIT;
