// Reading a YAML value into typed fields while collecting every problem with the path of the
// field it concerns, so a bad configuration is reported all at once and precisely.
import { FieldError, FieldPath, invalid, required } from '@kubeling/api/validation/field-errors';

export type RawObject = Readonly<Record<string, unknown>>;

export class Decoder {
  readonly errors: string[] = [];

  fieldError(error: FieldError): void {
    this.errors.push(error.toString());
  }

  /** A mapping (the document itself when path is undefined), or undefined with an error unless the value is absent. */
  object(value: unknown, path: FieldPath | undefined, knownFields: readonly string[]): RawObject | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      if (path === undefined) this.errors.push('the configuration must be a YAML mapping');
      else this.invalid(path, value, 'must be an object');
      return undefined;
    }
    const object = value as RawObject;
    // Strict decoding, as kube-scheduler reads its configuration: a misspelt field is an error, not ignored.
    for (const key of Object.keys(object)) {
      if (!knownFields.includes(key)) this.errors.push(`strict decoding error: unknown field "${path === undefined ? key : path.child(key)}"`);
    }
    return object;
  }

  list(value: unknown, path: FieldPath): readonly unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.invalid(path, value, 'must be a list');
      return [];
    }
    return value;
  }

  string(value: unknown, path: FieldPath): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      this.invalid(path, value, 'must be a string');
      return undefined;
    }
    return value;
  }

  requiredString(value: unknown, path: FieldPath): string {
    const text = this.string(value, path);
    if (text === undefined || text === '') {
      if (value === undefined || value === null || value === '') this.fieldError(required(path));
      return '';
    }
    return text;
  }

  integer(value: unknown, path: FieldPath): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      this.invalid(path, value, 'must be an integer');
      return undefined;
    }
    return value;
  }

  boolean(value: unknown, path: FieldPath): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      this.invalid(path, value, 'must be a boolean');
      return undefined;
    }
    return value;
  }

  private invalid(path: FieldPath, value: unknown, detail: string): void {
    this.fieldError(invalid(path, value, detail));
  }
}

/** Plugin args may carry their own type, as kube-scheduler's `kind: NodeResourcesFitArgs`. */
export const ARGS_TYPE_META = ['apiVersion', 'kind'] as const;
