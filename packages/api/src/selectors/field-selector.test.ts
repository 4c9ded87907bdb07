import test from 'ava';
import { escapeValue, FieldSelector, FieldSelectorError, parseFieldSelector, unsupportedFieldError } from './field-selector.js';

const parseError = (t: import('ava').ExecutionContext, text: string): string | undefined =>
  t.throws(() => parseFieldSelector(text), { instanceOf: FieldSelectorError }, text)?.message;

test('terms parse into requirements sorted by their text, == read as =', (t) => {
  t.deepEqual(parseFieldSelector('status.phase!=Running,metadata.name==web').requirements, [
    { field: 'metadata.name', operator: '=', value: 'web' },
    { field: 'status.phase', operator: '!=', value: 'Running' },
  ]);
  t.is(parseFieldSelector('b=1,a==2').toString(), 'a=2,b=1');
  t.deepEqual(parseFieldSelector('spec.nodeName=').requirements, [{ field: 'spec.nodeName', operator: '=', value: '' }]);
});

test('empty input and empty terms select everything', (t) => {
  for (const text of ['', ',', ',,']) {
    t.true(parseFieldSelector(text).empty(), text);
    t.true(parseFieldSelector(text).matches(() => undefined), text);
  }
  t.true(FieldSelector.everything().empty());
  t.false(parseFieldSelector('a=b').empty());
});

test('nothing is trimmed: spaces belong to the field and the value', (t) => {
  t.deepEqual(parseFieldSelector('a = b').requirements, [{ field: 'a ', operator: '=', value: ' b' }]);
  t.is(parseError(t, ' '), "invalid selector: ' '; can't understand ' '");
});

test('backslash escapes a comma, an equals sign or itself in values, and toString escapes them again', (t) => {
  const selector = parseFieldSelector('metadata.name=a\\,b\\=c\\\\d,x!=y');
  t.deepEqual(selector.requirements, [
    { field: 'metadata.name', operator: '=', value: 'a,b=c\\d' },
    { field: 'x', operator: '!=', value: 'y' },
  ]);
  t.is(selector.toString(), 'metadata.name=a\\,b\\=c\\\\d,x!=y');
  t.is(escapeValue('a,b=c\\'), 'a\\,b\\=c\\\\');
});

test('malformed selectors fail with Kubernetes messages', (t) => {
  t.is(parseError(t, 'a'), "invalid selector: 'a'; can't understand 'a'");
  t.is(parseError(t, 'x=1,b'), "invalid selector: 'x=1,b'; can't understand 'b'");
  t.is(parseError(t, 'a=b=c'), 'invalid field selector: unescapedRune character in value: 61');
  // The field cannot escape an operator: the first one splits the term.
  t.is(parseError(t, 'a\\=b=c'), 'invalid field selector: unescapedRune character in value: 61');
  t.is(parseError(t, 'a=b\\x'), 'invalid field selector: invalid escape sequence: \\x');
  t.is(parseError(t, 'a=b\\'), 'invalid field selector: invalid escape sequence: \\');
});

test('matching compares the object field, a missing field as empty', (t) => {
  const fields: Record<string, string> = { 'metadata.name': 'web', 'spec.nodeName': '' };
  const get = (field: string): string | undefined => fields[field];
  t.true(parseFieldSelector('metadata.name=web').matches(get));
  t.false(parseFieldSelector('metadata.name!=web').matches(get));
  t.true(parseFieldSelector('spec.nodeName=').matches(get));
  t.true(parseFieldSelector('status.phase=').matches(get));
  t.true(parseFieldSelector('status.phase!=Running').matches(get));
  t.false(parseFieldSelector('metadata.name=web,status.phase=Running').matches(get));
});

test('fields and exact matches are reported for the server to use', (t) => {
  const selector = parseFieldSelector('spec.nodeName=n1,metadata.name!=a,metadata.name!=b');
  t.deepEqual(selector.fields(), ['metadata.name', 'spec.nodeName']);
  t.is(selector.requiresExactMatch('spec.nodeName'), 'n1');
  t.is(selector.requiresExactMatch('metadata.name'), undefined);
});

test('the first unsupported field in selector order gives "field label not supported"', (t) => {
  const supported = new Set(['metadata.name', 'metadata.namespace', 'spec.nodeName']);
  t.is(unsupportedFieldError(parseFieldSelector('metadata.name=a,spec.nodeName=b'), supported), undefined);
  t.is(unsupportedFieldError(FieldSelector.everything(), supported), undefined);
  const error = unsupportedFieldError(parseFieldSelector('spec.foo=1,metadata.name=a,spec.bar=2'), supported);
  t.true(error instanceof FieldSelectorError);
  t.is(error?.message, 'field label not supported: spec.bar');
});
