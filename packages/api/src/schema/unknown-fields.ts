import { walkFields } from './field-walk.js';
import type { KindSchema } from './type-schemas.js';

/**
 * The fields of `obj` that its kind does not define, as upstream's strict decoder
 * (sigs.k8s.io/json) names them: dot-joined keys with list indices in brackets,
 * `spec.template.spec.containers[0].imagee`, in document order. Free-form values
 * (string maps such as labels and data, RawExtension, FieldsV1, apiextensions JSON)
 * hold anything, so nothing under them is unknown.
 */
export function unknownFields(obj: unknown, kind: KindSchema): string[] {
  return walkFields(obj, kind).unknown;
}

/** One unknown field as upstream words it, alone in a Warn-mode warning or joined in a Strict error. */
export function unknownFieldMessage(path: string): string {
  return `unknown field ${JSON.stringify(path)}`;
}

/** The message of the 400 a Strict request with unknown fields gets (runtime.NewStrictDecodingError). */
export function strictDecodingMessage(paths: readonly string[]): string {
  return `strict decoding error: ${paths.map(unknownFieldMessage).join(', ')}`;
}
