import test from 'ava';
import { FieldPath } from './field-errors.js';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  regexError,
  validateAnnotations,
  validateLabels,
  validateObjectMeta,
} from './names.js';

const SUBDOMAIN_RULE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_RULE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_RULE =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const KEY_RULE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_RULE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

test('regexError lists examples the way Kubernetes does, double space included', (t) => {
  t.is(regexError('bad', 'x+'), "bad (regex used for validation is 'x+')");
  t.is(regexError('bad', 'x+', 'x'), "bad (e.g. 'x', regex used for validation is 'x+')");
  t.is(regexError('bad', 'x+', 'x', 'xx'), "bad (e.g. 'x',  or 'xx', regex used for validation is 'x+')");
});

test('DNS-1123 subdomains', (t) => {
  for (const good of ['a', 'ab', 'a.b', '1.2.3', 'a-b.c-d', 'a'.repeat(253)]) t.deepEqual(isDNS1123Subdomain(good), [], good);
  for (const bad of ['', 'A', 'a_b', '-a', 'a-', 'a..b', '.a', 'a.', 'a b']) t.deepEqual(isDNS1123Subdomain(bad), [SUBDOMAIN_RULE], bad);
  t.deepEqual(isDNS1123Subdomain('a'.repeat(254)), ['must be no more than 253 characters']);
  t.deepEqual(isDNS1123Subdomain('A'.repeat(254)), ['must be no more than 253 characters', SUBDOMAIN_RULE]);
});

test('DNS-1123 labels, with a plain word for dots', (t) => {
  for (const good of ['a', '0', 'a-1', '1-a', 'a'.repeat(63)]) t.deepEqual(isDNS1123Label(good), [], good);
  for (const bad of ['', 'A', '-a', 'a-', 'a_b']) t.deepEqual(isDNS1123Label(bad), [LABEL_RULE], bad);
  t.deepEqual(isDNS1123Label('a.b'), ['must not contain dots']);
  t.deepEqual(isDNS1123Label('a'.repeat(64)), ['must be no more than 63 characters']);
});

test('DNS-1035 labels start with a letter', (t) => {
  for (const good of ['a', 'a1', 'a-1', 'a'.repeat(63)]) t.deepEqual(isDNS1035Label(good), [], good);
  for (const bad of ['', '1a', 'a.b', 'A', '-a', 'a-']) t.deepEqual(isDNS1035Label(bad), [DNS1035_RULE], bad);
  t.deepEqual(isDNS1035Label('a'.repeat(64)), ['must be no more than 63 characters']);
});

test('qualified names: optional subdomain prefix, then a name part', (t) => {
  for (const good of ['simple', 'now-with-dashes', '1-starts-with-num', '1234', 'simple/simple', 'now-with-dashes/simple', 'example.com/Upper_Case.ok', 'a'.repeat(63), `${'a'.repeat(253)}/a`]) {
    t.deepEqual(isQualifiedName(good), [], good);
  }
  t.deepEqual(isQualifiedName(''), ['name part must be non-empty', `name part ${KEY_RULE}`]);
  t.deepEqual(isQualifiedName('/a'), ['prefix part must be non-empty']);
  t.deepEqual(isQualifiedName('a/'), ['name part must be non-empty', `name part ${KEY_RULE}`]);
  t.deepEqual(isQualifiedName('Example.com/a'), [`prefix part ${SUBDOMAIN_RULE}`]);
  t.deepEqual(isQualifiedName('a_'), [`name part ${KEY_RULE}`]);
  t.deepEqual(isQualifiedName('a'.repeat(64)), ['name part must be no more than 63 characters']);
  t.deepEqual(isQualifiedName('a/b/c'), [`a qualified name ${KEY_RULE} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`]);
});

test('label values: empty or a name part', (t) => {
  for (const good of ['', 'simple', 'Upper_and.dots-1', 'a'.repeat(63)]) t.deepEqual(isValidLabelValue(good), [], good);
  for (const bad of ['-a', 'a-', 'a b', 'a/b', 'é']) t.deepEqual(isValidLabelValue(bad), [VALUE_RULE], bad);
  t.deepEqual(isValidLabelValue('a'.repeat(64)), ['must be no more than 63 characters']);
});

test('name rules let a generateName prefix end in a dash', (t) => {
  t.deepEqual(nameIsDNSSubdomain('web-', true), []);
  t.deepEqual(nameIsDNSSubdomain('web-', false), [SUBDOMAIN_RULE]);
  t.deepEqual(nameIsDNSLabel('a-', true), []);
  t.deepEqual(nameIsDNS1035Label('svc-', true), []);
  t.deepEqual(nameIsDNS1035Label('1svc-', true), [DNS1035_RULE]);
});

test('labels and annotations are checked with the map as the field', (t) => {
  const path = FieldPath.of('metadata', 'labels');
  t.deepEqual(validateLabels({ app: 'web', 'example.com/tier': '' }, path), []);
  t.deepEqual(validateLabels({ 'bad key': 'bad value!' }, path).map(String), [
    `metadata.labels: Invalid value: "bad key": name part ${KEY_RULE}`,
    `metadata.labels: Invalid value: "bad value!": ${VALUE_RULE}`,
  ]);
  const annotations = FieldPath.of('metadata', 'annotations');
  // Annotation keys are case-insensitive in the prefix too.
  t.deepEqual(validateAnnotations({ 'Example.COM/Any': 'value with spaces and ✓' }, annotations), []);
  t.deepEqual(validateAnnotations({ 'a b': '' }, annotations).map(String), [`metadata.annotations: Invalid value: "a b": name part ${KEY_RULE}`]);
});

test('annotations may total 256 KiB of keys and values, counted in bytes', (t) => {
  const path = FieldPath.of('metadata', 'annotations');
  t.deepEqual(validateAnnotations({ k: 'x'.repeat(256 * 1024 - 1) }, path), []);
  const tooBig = validateAnnotations({ k: 'x'.repeat(256 * 1024) }, path);
  t.deepEqual(tooBig.map(String), ['metadata.annotations: Too long: may not be more than 262144 bytes']);
  t.is(tooBig[0].type, 'FieldValueTooLong');
  // 'é' is two bytes in UTF-8.
  t.is(validateAnnotations({ k: 'é'.repeat(128 * 1024) }, path).length, 1);
});

test('object metadata: name by the resource rule, namespace by scope, with metadata.* paths', (t) => {
  const pod = { namespaced: true, validateName: nameIsDNSSubdomain };
  const namespace = { namespaced: false, validateName: nameIsDNSLabel };
  t.deepEqual(validateObjectMeta({ name: 'web-0', namespace: 'default', labels: { app: 'web' } }, pod), []);
  t.deepEqual(validateObjectMeta({ name: 'kube-system' }, namespace), []);
  t.deepEqual(validateObjectMeta({ name: 'Foo', namespace: 'default' }, pod).map(String), [`metadata.name: Invalid value: "Foo": ${SUBDOMAIN_RULE}`]);
  t.deepEqual(validateObjectMeta({ namespace: 'default' }, pod).map(String), ['metadata.name: Required value: name or generateName is required']);
  t.deepEqual(validateObjectMeta({ name: 'a' }, pod).map(String), ['metadata.namespace: Required value']);
  t.deepEqual(validateObjectMeta({ name: 'a', namespace: 'Bad.NS' }, pod).map(String), [`metadata.namespace: Invalid value: "Bad.NS": ${LABEL_RULE}`]);
  t.deepEqual(validateObjectMeta({ name: 'a', namespace: 'x.y' }, pod).map(String), ['metadata.namespace: Invalid value: "x.y": must not contain dots']);
  t.deepEqual(validateObjectMeta({ name: 'a', namespace: 'default' }, namespace).map(String), ['metadata.namespace: Forbidden: not allowed on this type']);
  t.deepEqual(validateObjectMeta({ name: 'a.b' }, namespace).map(String), ['metadata.name: Invalid value: "a.b": must not contain dots']);
});

test('object metadata: generateName, generation, labels and annotations all report, in Kubernetes order', (t) => {
  const errors = validateObjectMeta(
    { generateName: 'Web-', namespace: 'default', generation: -1, labels: { '-l': 'v' }, annotations: { '-a': 'v' } },
    { namespaced: true, validateName: nameIsDNSSubdomain },
  );
  t.deepEqual(errors.map(String), [
    `metadata.generateName: Invalid value: "Web-": ${SUBDOMAIN_RULE}`,
    'metadata.name: Required value: name or generateName is required',
    'metadata.generation: Invalid value: -1: must be greater than or equal to 0',
    `metadata.labels: Invalid value: "-l": name part ${KEY_RULE}`,
    `metadata.annotations: Invalid value: "-a": name part ${KEY_RULE}`,
  ]);
  t.deepEqual(
    validateObjectMeta({ name: 'x', namespace: 'default' }, { namespaced: true, validateName: nameIsDNSSubdomain }, FieldPath.of('spec', 'template', 'metadata')),
    [],
  );
  t.deepEqual(
    validateObjectMeta({ namespace: 'default' }, { namespaced: true, validateName: nameIsDNSSubdomain }, FieldPath.of('spec', 'template', 'metadata')).map(String),
    ['spec.template.metadata.name: Required value: name or generateName is required'],
  );
});
