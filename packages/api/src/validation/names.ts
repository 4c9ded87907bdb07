// Name, label and annotation rules with Kubernetes' messages: the string checks of
// k8s.io/apimachinery/pkg/util/validation and the ObjectMeta checks of
// k8s.io/apimachinery/pkg/api/validation built on them (Kubernetes 1.32 wording).
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { FieldPath, forbidden, invalid, required, tooLong, type FieldError } from './field-errors.js';

/** Go measures strings in bytes. */
const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

export function emptyError(): string {
  return 'must be non-empty';
}

/** `<msg> (e.g. 'x' or 'y', regex used for validation is '<format>')`. */
export function regexError(message: string, format: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${format}')`;
  return `${message} (e.g. ${examples.map((example) => `'${example}', `).join(' or ')}regex used for validation is '${format}')`;
}

const anchored = (format: string): RegExp => new RegExp(`^${format}$`);

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_ERR = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
export const DNS1123_LABEL_MAX_LENGTH = 63;
const DNS1123_LABEL = anchored(DNS1123_LABEL_FMT);

const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
const DNS1123_SUBDOMAIN = anchored(DNS1123_SUBDOMAIN_FMT);

const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_ERR = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
export const DNS1035_LABEL_MAX_LENGTH = 63;
const DNS1035_LABEL = anchored(DNS1035_LABEL_FMT);

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_MAX_LENGTH = 63;
const QUALIFIED_NAME = anchored(QUALIFIED_NAME_FMT);

const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_ERR = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
export const LABEL_VALUE_MAX_LENGTH = 63;
const LABEL_VALUE = anchored(LABEL_VALUE_FMT);

/** 256 KiB: the most that all of an object's annotation keys and values may total. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

/** An RFC 1123 label (namespace names, ...); the messages say what is wrong, none means valid. */
export function isDNS1123Label(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > DNS1123_LABEL_MAX_LENGTH) errors.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  if (!DNS1123_LABEL.test(value)) {
    // A valid subdomain that is no label can only be one with dots: say so plainly.
    errors.push(DNS1123_SUBDOMAIN.test(value) ? 'must not contain dots' : regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errors;
}

/** An RFC 1123 subdomain (most object names). */
export function isDNS1123Subdomain(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errors.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!DNS1123_SUBDOMAIN.test(value)) errors.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errors;
}

/** An RFC 1035 label (service names): starts with a letter. */
export function isDNS1035Label(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > DNS1035_LABEL_MAX_LENGTH) errors.push(maxLenError(DNS1035_LABEL_MAX_LENGTH));
  if (!DNS1035_LABEL.test(value)) errors.push(regexError(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errors;
}

/** A qualified name (label and annotation keys, finalizers): `[prefix/]name`, the prefix a DNS subdomain. */
export function isQualifiedName(value: string): string[] {
  const parts = value.split('/');
  if (parts.length > 2) {
    return [`a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  const name = parts[parts.length - 1];
  const errors = parts.length === 2 ? prefixErrors(parts[0]) : [];
  if (name === '') errors.push(`name part ${emptyError()}`);
  else if (byteLength(name) > QUALIFIED_NAME_MAX_LENGTH) errors.push(`name part ${maxLenError(QUALIFIED_NAME_MAX_LENGTH)}`);
  if (!QUALIFIED_NAME.test(name)) errors.push(`name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errors;
}

function prefixErrors(prefix: string): string[] {
  if (prefix === '') return [`prefix part ${emptyError()}`];
  return isDNS1123Subdomain(prefix).map((message) => `prefix part ${message}`);
}

/** A label value: empty, or a name part of at most 63 characters. */
export function isValidLabelValue(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > LABEL_VALUE_MAX_LENGTH) errors.push(maxLenError(LABEL_VALUE_MAX_LENGTH));
  if (!LABEL_VALUE.test(value)) errors.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errors;
}

/**
 * A resource's rule for its names (ValidateNameFunc). `prefix` is true for a generateName, which
 * may end in '-' because random characters follow it.
 */
export type NameValidator = (name: string, prefix: boolean) => string[];

/** Kubernetes' own way of letting a prefix end in '-': the last two characters become an 'a'. */
const maskTrailingDash = (name: string): string => (name.endsWith('-') ? `${name.slice(0, name.length - 2)}a` : name);

const nameValidator =
  (check: (value: string) => string[]): NameValidator =>
  (name, prefix) =>
    check(prefix ? maskTrailingDash(name) : name);

export const nameIsDNSSubdomain: NameValidator = nameValidator(isDNS1123Subdomain);
export const nameIsDNSLabel: NameValidator = nameValidator(isDNS1123Label);
export const nameIsDNS1035Label: NameValidator = nameValidator(isDNS1035Label);
export const validateNamespaceName: NameValidator = nameIsDNSLabel;

/** A label key at `path`. */
export function validateLabelName(key: string, path: FieldPath): FieldError[] {
  return isQualifiedName(key).map((message) => invalid(path, key, message));
}

/** Every label's key and value; errors name the labels map itself (`metadata.labels`), not the entry. */
export function validateLabels(labels: Readonly<Record<string, string>> | undefined, path: FieldPath): FieldError[] {
  return Object.entries(labels ?? {}).flatMap(([key, value]) => [
    ...validateLabelName(key, path),
    ...isValidLabelValue(value).map((message) => invalid(path, value, message)),
  ]);
}

/** Annotation keys are qualified names in any case; all keys and values together fit in 256 KiB. */
export function validateAnnotations(annotations: Readonly<Record<string, string>> | undefined, path: FieldPath): FieldError[] {
  const entries = Object.entries(annotations ?? {});
  const errors = entries.flatMap(([key]) => isQualifiedName(key.toLowerCase()).map((message) => invalid(path, key, message)));
  const size = entries.reduce((total, [key, value]) => total + byteLength(key) + byteLength(value), 0);
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) errors.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT_BYTES));
  return errors;
}

export interface ObjectMetaRules {
  /** Namespaced resources need a namespace; cluster-scoped ones must not have one. */
  namespaced: boolean;
  validateName: NameValidator;
}

/**
 * An object's metadata on create (ValidateObjectMetaAccessor): generateName and name by the
 * resource's name rule, namespace, generation, labels and annotations.
 */
export function validateObjectMeta(meta: ObjectMeta, rules: ObjectMetaRules, path: FieldPath = FieldPath.of('metadata')): FieldError[] {
  return [
    ...validateGenerateName(meta.generateName ?? '', rules.validateName, path.child('generateName')),
    ...validateName(meta.name ?? '', rules.validateName, path.child('name')),
    ...validateNamespace(meta.namespace ?? '', rules.namespaced, path.child('namespace')),
    ...validateNonNegative(meta.generation ?? 0, path.child('generation')),
    ...validateLabels(meta.labels, path.child('labels')),
    ...validateAnnotations(meta.annotations, path.child('annotations')),
  ];
}

function validateGenerateName(generateName: string, validate: NameValidator, path: FieldPath): FieldError[] {
  if (generateName === '') return [];
  return validate(generateName, true).map((message) => invalid(path, generateName, message));
}

function validateName(name: string, validate: NameValidator, path: FieldPath): FieldError[] {
  if (name === '') return [required(path, 'name or generateName is required')];
  return validate(name, false).map((message) => invalid(path, name, message));
}

function validateNamespace(namespace: string, namespaced: boolean, path: FieldPath): FieldError[] {
  if (!namespaced) return namespace === '' ? [] : [forbidden(path, 'not allowed on this type')];
  if (namespace === '') return [required(path)];
  return validateNamespaceName(namespace, false).map((message) => invalid(path, namespace, message));
}

function validateNonNegative(value: number, path: FieldPath): FieldError[] {
  return value < 0 ? [invalid(path, value, 'must be greater than or equal to 0')] : [];
}
