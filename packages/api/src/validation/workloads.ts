// apps/v1 workload validation, as pkg/apis/apps/validation (Deployment, ReplicaSet, StatefulSet,
// DaemonSet) plus the apps/v1 strategies' rule that a selector never changes after create.
import type { DaemonSet, DaemonSetSpec, Deployment, DeploymentSpec, ReplicaSet, ReplicaSetSpec, StatefulSet, StatefulSetSpec } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { LabelSelector as MetaLabelSelector } from 'kubernetes-types/meta/v1.js';
import { LabelSelector, LabelSelectorError, labelSelectorFromMeta, validateLabelSelector } from '../selectors/label-selector.js';
import { FieldPath, forbidden, invalid, notSupported, required, type FieldError } from './field-errors.js';
import { regexError, validateAnnotations, validateLabels } from './names.js';
import { semanticEqual, validateImmutableField, validateNonnegativeField, validatePodTemplateSpec } from './pod.js';

type IntOrString = number | string;

const specPath = FieldPath.of('spec');
const selectorPath = specPath.child('selector');
const templatePath = specPath.child('template');

/** A required, non-empty selector (`empty selector is invalid for deployment`). */
function validateRequiredSelector(selector: MetaLabelSelector | undefined, kindWord: string): FieldError[] {
  if (selector === undefined || selector === null) return [required(selectorPath)];
  const errors = validateLabelSelector(selector, selectorPath);
  const terms = Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length;
  if (terms === 0) errors.push(invalid(selectorPath, selector, `empty selector is invalid for ${kindWord}`));
  return errors;
}

/** metav1.LabelSelectorAsSelector, or the error a selector that cannot be built gets. */
function asSelector(selector: MetaLabelSelector | undefined, detail: string): { selector?: LabelSelector; errors: FieldError[] } {
  try {
    return { selector: labelSelectorFromMeta(selector), errors: [] };
  } catch (error) {
    if (!(error instanceof LabelSelectorError)) throw error;
    return { errors: [invalid(selectorPath, selector, detail)] };
  }
}

function selectorMatchesTemplate(selector: LabelSelector, template: PodTemplateSpec | undefined): FieldError[] {
  const labels = template?.metadata?.labels;
  if (selector.empty() || selector.matches(labels)) return [];
  return [invalid(templatePath.child('metadata', 'labels'), labels ?? null, '`selector` does not match template `labels`')];
}

/** Pods of these controllers run forever: restartPolicy Always, no activeDeadlineSeconds. */
function validateRunForever(template: PodTemplateSpec | undefined, kind: string): FieldError[] {
  const spec = template?.spec;
  const errors: FieldError[] = [];
  if (spec?.restartPolicy !== 'Always') errors.push(notSupported(templatePath.child('spec', 'restartPolicy'), spec?.restartPolicy ?? '', ['Always']));
  if (spec?.activeDeadlineSeconds !== undefined) errors.push(forbidden(templatePath.child('spec', 'activeDeadlineSeconds'), `activeDeadlineSeconds in ${kind} is not Supported`));
  return errors;
}

/** ValidatePodTemplateSpecForReplicaSet (Deployments use it too, message included). */
function validateTemplateForReplicaSet(template: PodTemplateSpec | undefined, selector: LabelSelector): FieldError[] {
  return [...selectorMatchesTemplate(selector, template), ...validatePodTemplateSpec(template, templatePath), ...validateRunForever(template, 'ReplicaSet')];
}

function validateReplicaSetLike(spec: DeploymentSpec | ReplicaSetSpec): FieldError[] {
  const built = asSelector(spec.selector, 'invalid label selector');
  return [...validateRequiredSelector(spec.selector, 'deployment'), ...built.errors, ...(built.selector ? validateTemplateForReplicaSet(spec.template, built.selector) : [])];
}

const PERCENT_FORMAT = '[0-9]+%';

function percentValue(value: IntOrString): number | undefined {
  return typeof value === 'string' && new RegExp(`^${PERCENT_FORMAT}$`).test(value) ? Number(value.slice(0, -1)) : undefined;
}

/** getIntOrPercentValue: a string that is no percentage counts as 0, as Go's IntValue() of it does. */
function intOrPercentValue(value: IntOrString | undefined): number {
  if (value === undefined) return 0;
  return percentValue(value) ?? (typeof value === 'number' ? value : Number.parseInt(value, 10) || 0);
}

/** ValidatePositiveIntOrPercent. */
function validatePositiveIntOrPercent(value: IntOrString | undefined, path: FieldPath): FieldError[] {
  if (value === undefined) return [];
  if (typeof value === 'number') return validateNonnegativeField(value, path);
  if (percentValue(value) !== undefined) return [];
  return [invalid(path, value, regexError("a valid percent string must be a numeric string followed by an ending '%'", PERCENT_FORMAT, '1%', '93%'))];
}

function isNotMoreThan100Percent(value: IntOrString | undefined, path: FieldPath): FieldError[] {
  const percent = value === undefined ? undefined : percentValue(value);
  return percent !== undefined && percent > 100 ? [invalid(path, value, 'must not be greater than 100%')] : [];
}

function validateDeploymentStrategy(spec: DeploymentSpec): FieldError[] {
  const path = specPath.child('strategy');
  const strategy = spec.strategy ?? {};
  const rollingPath = path.child('rollingUpdate');
  switch (strategy.type) {
    case 'Recreate':
      return strategy.rollingUpdate ? [forbidden(rollingPath, "may not be specified when strategy `type` is 'Recreate'")] : [];
    case 'RollingUpdate': {
      const rolling = strategy.rollingUpdate;
      if (!rolling) return [required(rollingPath, 'this should be defaulted and never be nil')];
      const errors = [
        ...validatePositiveIntOrPercent(rolling.maxUnavailable, rollingPath.child('maxUnavailable')),
        ...validatePositiveIntOrPercent(rolling.maxSurge, rollingPath.child('maxSurge')),
      ];
      if (intOrPercentValue(rolling.maxUnavailable) === 0 && intOrPercentValue(rolling.maxSurge) === 0) {
        errors.push(invalid(rollingPath.child('maxUnavailable'), rolling.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'));
      }
      return [...errors, ...isNotMoreThan100Percent(rolling.maxUnavailable, rollingPath.child('maxUnavailable'))];
    }
    default:
      return [notSupported(path, strategy, ['Recreate', 'RollingUpdate'])];
  }
}

/** ValidateDeploymentSpec. */
export function validateDeployment(deployment: Deployment): FieldError[] {
  const spec = deployment.spec ?? ({} as DeploymentSpec);
  const errors = [...validateNonnegativeField(spec.replicas ?? 0, specPath.child('replicas')), ...validateReplicaSetLike(spec), ...validateDeploymentStrategy(spec)];
  const minReady = spec.minReadySeconds ?? 0;
  errors.push(...validateNonnegativeField(minReady, specPath.child('minReadySeconds')));
  if (spec.revisionHistoryLimit !== undefined) errors.push(...validateNonnegativeField(spec.revisionHistoryLimit, specPath.child('revisionHistoryLimit')));
  const deadline = spec.progressDeadlineSeconds;
  if (deadline !== undefined) {
    errors.push(...validateNonnegativeField(deadline, specPath.child('progressDeadlineSeconds')));
    if (deadline <= minReady) errors.push(invalid(specPath.child('progressDeadlineSeconds'), deadline, 'must be greater than minReadySeconds'));
  }
  return errors;
}

/** ValidateReplicaSetSpec. */
export function validateReplicaSet(replicaSet: ReplicaSet): FieldError[] {
  const spec = replicaSet.spec ?? ({} as ReplicaSetSpec);
  return [
    ...validateNonnegativeField(spec.replicas ?? 0, specPath.child('replicas')),
    ...validateNonnegativeField(spec.minReadySeconds ?? 0, specPath.child('minReadySeconds')),
    ...validateReplicaSetLike(spec),
  ];
}

function validateStatefulSetUpdateStrategy(spec: StatefulSetSpec): FieldError[] {
  const path = specPath.child('updateStrategy');
  const strategy = spec.updateStrategy ?? {};
  const rolling = strategy.rollingUpdate;
  switch (strategy.type) {
    case undefined:
    case '':
      return [required(path)];
    case 'OnDelete':
      return rolling ? [invalid(path.child('rollingUpdate'), rolling, "only allowed for updateStrategy 'RollingUpdate'")] : [];
    case 'RollingUpdate': {
      if (!rolling) return [];
      const rollingPath = path.child('rollingUpdate');
      const errors = validateNonnegativeField(rolling.partition ?? 0, rollingPath.child('partition'));
      const maxUnavailable = rolling.maxUnavailable;
      if (maxUnavailable === undefined) return errors;
      const maxPath = rollingPath.child('maxUnavailable');
      errors.push(...validatePositiveIntOrPercent(maxUnavailable, maxPath));
      if (intOrPercentValue(maxUnavailable) === 0) errors.push(invalid(maxPath, maxUnavailable, 'cannot be 0'));
      return [...errors, ...isNotMoreThan100Percent(maxUnavailable, maxPath)];
    }
    default:
      return [invalid(path, strategy, "must be 'RollingUpdate' or 'OnDelete'")];
  }
}

/** ValidateStatefulSetSpec. Kubernetes checks only the template's labels and annotations, not its pod spec. */
export function validateStatefulSet(statefulSet: StatefulSet): FieldError[] {
  const spec = statefulSet.spec ?? ({} as StatefulSetSpec);
  const errors: FieldError[] = [];
  const policy = spec.podManagementPolicy ?? '';
  if (policy === '') errors.push(required(specPath.child('podManagementPolicy')));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') errors.push(invalid(specPath.child('podManagementPolicy'), policy, "must be 'OrderedReady' or 'Parallel'"));
  errors.push(
    ...validateStatefulSetUpdateStrategy(spec),
    ...validateNonnegativeField(spec.replicas ?? 0, specPath.child('replicas')),
    ...validateNonnegativeField(spec.minReadySeconds ?? 0, specPath.child('minReadySeconds')),
    ...validateRequiredSelector(spec.selector, 'statefulset'),
  );
  const built = asSelector(spec.selector, '');
  errors.push(...built.errors);
  if (built.selector) {
    const metadata = spec.template?.metadata ?? {};
    errors.push(
      ...selectorMatchesTemplate(built.selector, spec.template),
      ...validateLabels(metadata.labels, templatePath.child('labels')),
      ...validateAnnotations(metadata.annotations, templatePath.child('annotations')),
    );
  }
  return [...errors, ...validateRunForever(spec.template, 'StatefulSet')];
}

function validateDaemonSetUpdateStrategy(spec: DaemonSetSpec): FieldError[] {
  const path = specPath.child('updateStrategy');
  const strategy = spec.updateStrategy ?? {};
  if (strategy.type === 'OnDelete') return [];
  if (strategy.type !== 'RollingUpdate') return [notSupported(path, strategy, ['RollingUpdate', 'OnDelete'])];
  const rolling = strategy.rollingUpdate;
  const rollingPath = path.child('rollingUpdate');
  if (!rolling) return [required(rollingPath)];
  const unavailablePath = rollingPath.child('maxUnavailable');
  const surgePath = rollingPath.child('maxSurge');
  const errors = [
    ...validatePositiveIntOrPercent(rolling.maxUnavailable, unavailablePath),
    ...validatePositiveIntOrPercent(rolling.maxSurge, surgePath),
    ...isNotMoreThan100Percent(rolling.maxUnavailable, unavailablePath),
    ...isNotMoreThan100Percent(rolling.maxSurge, surgePath),
  ];
  const hasUnavailable = intOrPercentValue(rolling.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(rolling.maxSurge) !== 0;
  if (hasUnavailable && hasSurge) errors.push(invalid(surgePath, rolling.maxSurge, 'may not be set when maxUnavailable is non-zero'));
  if (!hasUnavailable && !hasSurge) errors.push(required(unavailablePath, 'cannot be 0 when maxSurge is 0'));
  return errors;
}

/** ValidateDaemonSetSpec: a missing selector matches nothing, so only the template check reports it. */
export function validateDaemonSet(daemonSet: DaemonSet): FieldError[] {
  const spec = daemonSet.spec ?? ({} as DaemonSetSpec);
  const errors = validateLabelSelector(spec.selector, selectorPath);
  const built = asSelector(spec.selector, 'invalid label selector');
  if (built.selector && !built.selector.matches(spec.template?.metadata?.labels)) {
    errors.push(invalid(templatePath.child('metadata', 'labels'), spec.template?.metadata?.labels ?? null, '`selector` does not match template `labels`'));
  }
  if (spec.selector && Object.keys(spec.selector.matchLabels ?? {}).length + (spec.selector.matchExpressions ?? []).length === 0) {
    errors.push(invalid(selectorPath, spec.selector, 'empty selector is invalid for daemonset'));
  }
  errors.push(...validatePodTemplateSpec(spec.template, templatePath), ...validateRunForever(spec.template, 'DaemonSet'));
  errors.push(...validateNonnegativeField(spec.minReadySeconds ?? 0, specPath.child('minReadySeconds')), ...validateDaemonSetUpdateStrategy(spec));
  if (spec.revisionHistoryLimit !== undefined) errors.push(...validateNonnegativeField(spec.revisionHistoryLimit, specPath.child('revisionHistoryLimit')));
  return errors;
}

type WithSelector = { spec?: { selector?: MetaLabelSelector } };

/** The apps/v1 strategies' ValidateUpdate: the spec as on create, and a selector that stays as it was. */
function withImmutableSelector<T extends WithSelector>(validate: (object: T) => FieldError[]): (object: T, old: T) => FieldError[] {
  return (object, old) => [...validate(object), ...validateImmutableField(object.spec?.selector, old.spec?.selector, selectorPath)];
}

export const validateDeploymentUpdate = withImmutableSelector(validateDeployment);
export const validateReplicaSetUpdate = withImmutableSelector(validateReplicaSet);
export const validateDaemonSetUpdate = withImmutableSelector(validateDaemonSet);

const STATEFULSET_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'] as const;

/** ValidateStatefulSetUpdate: besides the mutable fields, the spec stays as it was. */
export function validateStatefulSetUpdate(statefulSet: StatefulSet, old: StatefulSet): FieldError[] {
  const errors = validateStatefulSet(statefulSet);
  const spec = { ...statefulSet.spec } as Record<string, unknown>;
  const oldSpec = (old.spec ?? {}) as Record<string, unknown>;
  for (const field of STATEFULSET_MUTABLE) spec[field] = oldSpec[field];
  if (!semanticEqual(spec, oldSpec)) {
    errors.push(
      forbidden(specPath, "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"),
    );
  }
  return errors;
}
