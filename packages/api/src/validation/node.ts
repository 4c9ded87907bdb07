// Node validation, as ValidateNode and ValidateNodeUpdate in pkg/apis/core/validation: taints, pod
// CIDRs, and the spec fields that are set once (podCIDRs, providerID).
import { isIPv4, isIPv6 } from 'node:net';
import type { Node, Taint } from 'kubernetes-types/core/v1.js';
import { FieldErrorType, FieldError, FieldPath, forbidden, invalid, notSupported, required } from './field-errors.js';
import { isValidLabelValue, validateLabelName } from './names.js';

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

/**
 * validateNodeTaints. Kubernetes passes `metadata` as the parent path, so taint errors read
 * `metadata.taints[0].key`; kept as it is for the same messages.
 */
function validateNodeTaints(taints: readonly Taint[]): FieldError[] {
  const path = FieldPath.of('metadata', 'taints');
  const seen = new Set<string>();
  return taints.flatMap((taint, i) => {
    const taintPath = path.index(i);
    const value = taint.value ?? '';
    const errors = validateLabelName(taint.key, taintPath.child('key'));
    const valueMessages = isValidLabelValue(value);
    if (valueMessages.length > 0) errors.push(invalid(taintPath.child('value'), value, valueMessages.join(';')));
    if (!taint.effect) errors.push(required(taintPath.child('effect')));
    else if (!(TAINT_EFFECTS as readonly string[]).includes(taint.effect)) errors.push(notSupported(taintPath.child('effect'), taint.effect, TAINT_EFFECTS));
    const key = `${taint.effect}\u0000${taint.key}`;
    if (seen.has(key)) errors.push(new FieldError(FieldErrorType.Duplicate, taintPath.toString(), taint, 'taints must be unique by key and effect pair'));
    seen.add(key);
    return errors;
  });
}

/** validation.IsValidCIDR. */
function validateCIDR(value: string, path: FieldPath): FieldError[] {
  const [address, bits, ...rest] = value.split('/');
  const max = isIPv4(address) ? 32 : isIPv6(address) ? 128 : -1;
  const valid = rest.length === 0 && max > 0 && /^[0-9]+$/.test(bits ?? '') && Number(bits) <= max;
  return valid ? [] : [invalid(path, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
}

/** ValidateNode, without metadata. */
export function validateNode(node: Node): FieldError[] {
  const cidrs = node.spec?.podCIDRs ?? [];
  const cidrsPath = FieldPath.of('spec', 'podCIDRs');
  const errors = [...validateNodeTaints(node.spec?.taints ?? []), ...cidrs.flatMap((cidr, i) => validateCIDR(cidr, cidrsPath.index(i)))];
  const seen = new Set<string>();
  cidrs.forEach((cidr, i) => {
    if (seen.has(cidr)) errors.push(new FieldError(FieldErrorType.Duplicate, cidrsPath.index(i).toString(), cidr, ''));
    seen.add(cidr);
  });
  return errors;
}

/** ValidateNodeUpdate, without metadata: pod CIDRs and provider ID may only go from unset to set. */
export function validateNodeUpdate(node: Node, old: Node): FieldError[] {
  const errors: FieldError[] = [];
  const cidrs = node.spec?.podCIDRs ?? [];
  const oldCIDRs = old.spec?.podCIDRs ?? [];
  const cidrsPath = FieldPath.of('spec', 'podCIDRs');
  const cidrMessage = 'node updates may not change podCIDR except from "" to valid';
  if (oldCIDRs.length > 0) {
    if (oldCIDRs.length !== cidrs.length) errors.push(forbidden(cidrsPath, cidrMessage));
    else oldCIDRs.forEach((cidr, i) => cidr !== cidrs[i] && errors.push(forbidden(cidrsPath, cidrMessage)));
  }
  const providerID = old.spec?.providerID ?? '';
  if (providerID !== '' && providerID !== (node.spec?.providerID ?? '')) {
    errors.push(forbidden(FieldPath.of('spec', 'providerID'), 'node updates may not change providerID except from "" to valid'));
  }
  return [...errors, ...validateNodeTaints(node.spec?.taints ?? [])];
}
