// ConfigMap and Secret validation, as ValidateConfigMap(Update) and ValidateSecret(Update) in
// pkg/apis/core/validation: config keys, the 1 MiB total, Secret type rules, and `immutable: true`.
import type { ConfigMap, Secret } from 'kubernetes-types/core/v1.js';
import { FieldError, FieldPath, forbidden, invalid, required, tooLong } from './field-errors.js';
import { maxLenError, regexError } from './names.js';
import { chDirPrefixErrors, semanticEqual, validateImmutableField } from './pod.js';

/** core.MaxSecretSize, which ConfigMaps share. */
export const MAX_SECRET_SIZE = 1024 * 1024;

const CONFIG_MAP_KEY_FMT = '[-._a-zA-Z0-9]+';
const CONFIG_MAP_KEY = new RegExp(`^${CONFIG_MAP_KEY_FMT}$`);

/** validation.IsConfigMapKey: the keys of ConfigMaps and Secrets, which become file names. */
export function isConfigMapKey(key: string): string[] {
  const errors = key.length > 253 ? [maxLenError(253)] : [];
  if (!CONFIG_MAP_KEY.test(key)) {
    errors.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", CONFIG_MAP_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  }
  return [...errors, ...chDirPrefixErrors(key)];
}

const keyErrors = (key: string, path: FieldPath): FieldError[] => isConfigMapKey(key).map((message) => invalid(path.key(key), key, message));
/** binaryData and Secret data travel base64-encoded; their size is that of the decoded bytes. */
const decodedLength = (value: string): number => Buffer.from(value, 'base64').length;

/** Too long, at Go's field.NewPath(""): the error concerns the whole object. */
function wholeObjectTooLong(): FieldError {
  const error = tooLong(null, MAX_SECRET_SIZE);
  return new FieldError(error.type, '', error.badValue, error.detail);
}

/** ValidateConfigMap, without metadata. */
export function validateConfigMap(configMap: ConfigMap): FieldError[] {
  const dataPath = FieldPath.of('data');
  const binaryPath = FieldPath.of('binaryData');
  const data = configMap.data ?? {};
  const binaryData = configMap.binaryData ?? {};
  const errors: FieldError[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    errors.push(...keyErrors(key, dataPath));
    if (Object.hasOwn(binaryData, key)) errors.push(invalid(dataPath.key(key), key, 'duplicate of key present in binaryData'));
    size += Buffer.byteLength(value, 'utf8');
  }
  for (const [key, value] of Object.entries(binaryData)) {
    errors.push(...keyErrors(key, binaryPath));
    size += decodedLength(value);
  }
  if (size > MAX_SECRET_SIZE) errors.push(wholeObjectTooLong());
  return errors;
}

/** With `immutable: true` stored, neither the flag nor the contents may change. */
function validateImmutableContents(object: ConfigMap | Secret, old: ConfigMap | Secret, fields: readonly ('data' | 'binaryData')[]): FieldError[] {
  if (old.immutable !== true) return [];
  const message = 'field is immutable when `immutable` is set';
  const errors = object.immutable === true ? [] : [forbidden(FieldPath.of('immutable'), message)];
  const before = old as Record<string, unknown>;
  const after = object as Record<string, unknown>;
  return [...errors, ...fields.filter((field) => !semanticEqual(after[field], before[field])).map((field) => forbidden(FieldPath.of(field), message))];
}

export function validateConfigMapUpdate(configMap: ConfigMap, old: ConfigMap): FieldError[] {
  return [...validateImmutableContents(configMap, old, ['data', 'binaryData']), ...validateConfigMap(configMap)];
}

/** The data keys each Secret type must carry (a key present but empty counts). */
const REQUIRED_KEYS: Readonly<Record<string, readonly string[]>> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

function validateSecretType(secret: Secret, data: Readonly<Record<string, string>>, dataPath: FieldPath): FieldError[] {
  const type = secret.type ?? '';
  if (type === 'kubernetes.io/service-account-token') {
    const key = 'kubernetes.io/service-account.name';
    return secret.metadata?.annotations?.[key] ? [] : [required(FieldPath.of('metadata', 'annotations').key(key))];
  }
  if (type === 'kubernetes.io/basic-auth') {
    return Object.hasOwn(data, 'username') || Object.hasOwn(data, 'password') ? [] : [required(dataPath.key('username')), required(dataPath.key('password'))];
  }
  if (type === 'kubernetes.io/ssh-auth') return data['ssh-privatekey'] ? [] : [required(dataPath.key('ssh-privatekey'))];
  // dockercfg types stop at their first missing key; tls reports each.
  const missing = (REQUIRED_KEYS[type] ?? []).filter((key) => !Object.hasOwn(data, key));
  return (type === 'kubernetes.io/tls' ? missing : missing.slice(0, 1)).map((key) => required(dataPath.key(key)));
}

/** ValidateSecret, without metadata. stringData counts as data, as Kubernetes merges it before validating. */
export function validateSecret(secret: Secret): FieldError[] {
  const dataPath = FieldPath.of('data');
  const data: Record<string, string> = { ...(secret.data ?? {}) };
  let size = 0;
  for (const value of Object.values(data)) size += decodedLength(value);
  for (const [key, value] of Object.entries(secret.stringData ?? {})) {
    if (Object.hasOwn(data, key)) size -= decodedLength(data[key]);
    data[key] = value;
    size += Buffer.byteLength(value, 'utf8');
  }
  const errors = Object.keys(data).flatMap((key) => keyErrors(key, dataPath));
  if (size > MAX_SECRET_SIZE) errors.push(tooLong(dataPath, MAX_SECRET_SIZE));
  return [...errors, ...validateSecretType(secret, data, dataPath)];
}

/** ValidateSecretUpdate, without metadata: the type never changes. */
export function validateSecretUpdate(secret: Secret, old: Secret): FieldError[] {
  return [...validateImmutableField(secret.type ?? '', old.type ?? '', FieldPath.of('type')), ...validateImmutableContents(secret, old, ['data']), ...validateSecret(secret)];
}
