// Resource amounts as the scheduler compares them (framework.Resource): cpu in millicores,
// memory and storage in bytes, a pod count, and the scalar resources by name. Quantities are
// rounded up as Quantity.MilliValue and Quantity.Value round them.
import { Quantity, QuantityError } from '@kubeling/api/validation/quantity';
import { CPU, EPHEMERAL_STORAGE, isScalarResourceName, MEMORY, PODS } from './resource-names.js';

/** Resource name → amount in nano units (10^-9), exact, as resource.Quantity keeps it. */
export type ResourceList = ReadonlyMap<string, bigint>;

const NANO_PER_MILLI = 1_000_000n;
const NANO_PER_UNIT = 1_000_000_000n;

function ceilDiv(nano: bigint, divisor: bigint): number {
  const quotient = nano / divisor;
  return Number(nano > 0n && quotient * divisor !== nano ? quotient + 1n : quotient);
}

/** Quantity.MilliValue: the amount in thousandths, rounded up. */
export const milliValue = (nano: bigint): number => ceilDiv(nano, NANO_PER_MILLI);
/** Quantity.Value: the amount in units, rounded up. */
export const unitValue = (nano: bigint): number => ceilDiv(nano, NANO_PER_UNIT);

/**
 * A resource list as it appears in an object (`{cpu: "500m", memory: "1Gi"}`). The apiserver
 * has validated every quantity; one that does not parse is left out rather than failing the cycle.
 */
export function parseResourceList(list: Readonly<Record<string, string>> | undefined): Map<string, bigint> {
  const result = new Map<string, bigint>();
  for (const [name, text] of Object.entries(list ?? {})) {
    try {
      result.set(name, Quantity.fromJson(text).nano);
    } catch (error) {
      if (!(error instanceof QuantityError)) throw error;
    }
  }
  return result;
}

export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  allowedPodNumber = 0;
  readonly scalarResources = new Map<string, number>();

  static fromList(list: ResourceList): Resource {
    const resource = new Resource();
    resource.add(list);
    return resource;
  }

  /** Resource.Add: sums each known resource; names that are not scalar resources are ignored. */
  add(list: ResourceList): void {
    for (const [name, nano] of list) {
      switch (name) {
        case CPU:
          this.milliCPU += milliValue(nano);
          break;
        case MEMORY:
          this.memory += unitValue(nano);
          break;
        case PODS:
          this.allowedPodNumber += unitValue(nano);
          break;
        case EPHEMERAL_STORAGE:
          this.ephemeralStorage += unitValue(nano);
          break;
        default:
          if (isScalarResourceName(name)) this.addScalar(name, unitValue(nano));
      }
    }
  }

  /** Adds (or, with sign -1, subtracts) another Resource, as NodeInfo does for each pod. */
  addResource(other: Resource, sign: 1 | -1 = 1): void {
    this.milliCPU += sign * other.milliCPU;
    this.memory += sign * other.memory;
    this.ephemeralStorage += sign * other.ephemeralStorage;
    this.allowedPodNumber += sign * other.allowedPodNumber;
    for (const [name, amount] of other.scalarResources) this.addScalar(name, sign * amount);
  }

  addScalar(name: string, amount: number): void {
    this.scalarResources.set(name, (this.scalarResources.get(name) ?? 0) + amount);
  }

  scalar(name: string): number {
    return this.scalarResources.get(name) ?? 0;
  }
}
