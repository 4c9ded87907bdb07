// resource.Quantity as k8s.io/apimachinery/pkg/api/resource parses, compares and prints it:
// `500m`, `1.5`, `2Gi`, `1e3`. Values are kept exactly, in nano units (the finest Kubernetes keeps),
// so comparisons need no floating point.

/** Kubernetes' own text for a string that is no quantity at all (resource.ErrFormatWrong). */
export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

/** How a quantity prints: the form its suffix was written in. */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

const SPLIT = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const NUMBER = /^[+-]?([0-9]*)(?:\.([0-9]*))?$/;

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const NANO_PER_UNIT = 10n ** 9n;

interface Suffix {
  base: 10 | 2;
  exponent: number;
  format: QuantityFormat;
}

function interpretSuffix(suffix: string): Suffix | undefined {
  if (Object.hasOwn(DECIMAL_SUFFIXES, suffix)) return { base: 10, exponent: DECIMAL_SUFFIXES[suffix], format: 'DecimalSI' };
  if (Object.hasOwn(BINARY_SUFFIXES, suffix)) return { base: 2, exponent: BINARY_SUFFIXES[suffix], format: 'BinarySI' };
  const exponent = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
  return exponent === null ? undefined : { base: 10, exponent: Number(exponent[1]), format: 'DecimalExponent' };
}

/** Integer division rounding away from zero, as Kubernetes rounds a too-fine value up to the next nano. */
function divideAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  if (quotient * denominator === numerator) return quotient;
  return numerator < 0n ? quotient - 1n : quotient + 1n;
}

export class Quantity {
  private constructor(
    /** The value in units of 10^-9. */
    readonly nano: bigint,
    readonly format: QuantityFormat,
  ) {}

  /** resource.ParseQuantity; throws QuantityError with Kubernetes' message. */
  static parse(text: string): Quantity {
    const parts = SPLIT.exec(text);
    if (parts === null) throw new QuantityError(QUANTITY_FORMAT_ERROR);
    const number = NUMBER.exec(parts[1]);
    if (number === null) throw new QuantityError(QUANTITY_FORMAT_ERROR);
    const suffix = interpretSuffix(parts[2]);
    if (suffix === undefined) throw new QuantityError(QUANTITY_SUFFIX_ERROR);
    const fraction = number[2] ?? '';
    const digits = BigInt(`${number[1]}${fraction}` || '0');
    let numerator = (parts[1].startsWith('-') ? -digits : digits) * NANO_PER_UNIT;
    let denominator = 10n ** BigInt(fraction.length);
    const scale = suffix.base === 10 ? 10n ** BigInt(Math.abs(suffix.exponent)) : 2n ** BigInt(suffix.exponent);
    if (suffix.exponent >= 0) numerator *= scale;
    else denominator *= scale;
    // Binary quantities below one are written as decimal ones, as Kubernetes does.
    const nano = divideAwayFromZero(numerator, denominator);
    const format = suffix.format === 'BinarySI' && nano > -NANO_PER_UNIT && nano < NANO_PER_UNIT ? 'DecimalSI' : suffix.format;
    return new Quantity(nano, format);
  }

  /** A quantity as it appears in JSON: a string, or a bare number some manifests use. */
  static fromJson(value: unknown): Quantity {
    if (typeof value === 'number' && Number.isFinite(value)) return Quantity.parse(String(value));
    if (typeof value !== 'string') throw new QuantityError(QUANTITY_FORMAT_ERROR);
    return Quantity.parse(value);
  }

  compare(other: Quantity): number {
    return this.nano === other.nano ? 0 : this.nano < other.nano ? -1 : 1;
  }

  isNegative(): boolean {
    return this.nano < 0n;
  }

  /** A whole number of units (what MilliValue()%1000 == 0 checks). */
  isInteger(): boolean {
    return this.nano % NANO_PER_UNIT === 0n;
  }

  /** The canonical form Kubernetes prints (Quantity.String): `1500m` for 1.5, `1` for 1000m, `1536Mi` for 1.5Gi. */
  toString(): string {
    if (this.nano === 0n) return '0';
    if (this.format === 'BinarySI' && this.isInteger()) return this.binaryString();
    return this.decimalString(this.format === 'DecimalExponent' ? 'DecimalExponent' : 'DecimalSI');
  }

  /** Mantissa with an exponent that is a multiple of 3, as few digits as possible (AsCanonicalBytes). */
  private decimalString(format: 'DecimalSI' | 'DecimalExponent'): string {
    let mantissa = this.nano;
    let exponent = -9;
    while (mantissa % 10n === 0n) {
      mantissa /= 10n;
      exponent++;
    }
    const extra = ((exponent % 3) + 3) % 3;
    mantissa *= 10n ** BigInt(extra);
    exponent -= extra;
    if (format === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
    const suffix = Object.entries(DECIMAL_SUFFIXES).find(([, value]) => value === exponent)?.[0];
    return suffix === undefined ? `${mantissa}e${exponent}` : `${mantissa}${suffix}`;
  }

  /** Whole multiples of 1024 with Ki, Mi, ... (AsCanonicalBase1024Bytes). */
  private binaryString(): string {
    let mantissa = this.nano / NANO_PER_UNIT;
    let exponent = 0;
    while (exponent < 60 && mantissa % 1024n === 0n) {
      mantissa /= 1024n;
      exponent += 10;
    }
    const suffix = Object.entries(BINARY_SUFFIXES).find(([, value]) => value === exponent)?.[0] ?? '';
    return `${mantissa}${suffix}`;
  }
}

export class QuantityError extends Error {
  override name = 'QuantityError';
}
