import test from 'ava';
import { FieldPath } from '../validation/field-errors.js';
import { LabelSelector, LabelSelectorError, labelSelectorFromMeta, labelSelectorFromSet, parseLabelSelector, Requirement, validateLabelSelector } from './label-selector.js';

const KEY_RULE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_RULE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

const parseError = (t: import('ava').ExecutionContext, text: string): string | undefined =>
  t.throws(() => parseLabelSelector(text), { instanceOf: LabelSelectorError }, text)?.message;

test('well-formed selectors print back in canonical form: spaces gone, requirements sorted by key, values sorted', (t) => {
  const canonical: [string, string][] = [
    ['x=a,y=b,z=c', 'x=a,y=b,z=c'],
    ['', ''],
    ['x!=a,y=b', 'x!=a,y=b'],
    ['x=', 'x='],
    ['x= ,z= ', 'x=,z='],
    ['!x', '!x'],
    ['x>1,z<5', 'x>1,z<5'],
    ['y==b,x=a', 'x=a,y==b'],
    ['x,y', 'x,y'],
    ['\rx', 'x'],
    ['foo  in\t (abc)', 'foo in (abc)'],
    ['x notin\n (def,abc)', 'x notin (abc,def)'],
    ['x in (abc,)', 'x in (,abc)'],
    ['x in ()', 'x in ()'],
    ['x notin ( )', 'x notin ()'],
    ['x notin (, a)', 'x notin (,a)'],
    ['x in (b,a,b)', 'x in (a,b)'],
    ['x notin (abc,def),bar,z in (),w', 'bar,w,x notin (abc,def),z in ()'],
    ['a in (x,y,notin, z,in)', 'a in (in,notin,x,y,z)'],
    ['notin=in', 'notin=in'],
    ['this-is-a-dns.domain.com/key-with-dash', 'this-is-a-dns.domain.com/key-with-dash'],
    ['0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)', '0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)'],
    // Equal keys keep their written order.
    ['a=b,a!=c,a', 'a=b,a!=c,a'],
  ];
  for (const [input, output] of canonical) t.is(parseLabelSelector(input).toString(), output, input);
});

test('parse errors carry Kubernetes messages', (t) => {
  const errors: [string, string][] = [
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    [',x,y', "found ',', expected: !, identifier, or 'end of string'"],
    ['(', "found '(', expected: !, identifier, or 'end of string'"],
    ['a in (xyz),', "found '', expected: identifier after ','"],
    ['x,,y', "found ',', expected: identifier after ','"],
    ['a in (xyz)b notin ()', "found 'b', expected: ',' or 'end of string'"],
    ['a=b c', "found 'c', expected: ',' or 'end of string'"],
    ['a (', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    ['x nott in (y)', "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt"],
    ['a in (xyz abc)', "unable to parse requirement: found 'abc', expected: ',' or ')'"],
    ['a notin(', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
    ['a in x', "unable to parse requirement: found 'x' expected: '('"],
    ['a in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['a=(', "unable to parse requirement: found '(', expected: identifier"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['x<a', `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['x=a||y=b', `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${VALUE_RULE}`],
    ['x>-1', `unable to parse requirement: values[0][x]: Invalid value: "-1": ${VALUE_RULE}`],
    // The parser checks keys without a field path, which Go prints as <nil>.
    ['Foo_=bar', `unable to parse requirement: <nil>: Invalid value: "Foo_": name part ${KEY_RULE}`],
    [
      'a/b/c',
      `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name ${KEY_RULE} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ],
  ];
  for (const [input, message] of errors) t.is(parseError(t, input), message, input);
});

test('several bad values are reported together, each with its index and key', (t) => {
  t.is(
    parseError(t, 'k in (-a,-b)'),
    `unable to parse requirement: [values[0][k]: Invalid value: "-a": ${VALUE_RULE}, values[1][k]: Invalid value: "-b": ${VALUE_RULE}]`,
  );
});

test('matching follows set semantics: notin and != match an absent key, in and = do not', (t) => {
  const cases: [string, Record<string, string>, boolean][] = [
    ['', { x: 'y' }, true],
    ['x=y', { x: 'y' }, true],
    ['x==y', { x: 'z' }, false],
    ['x=z', {}, false],
    ['x=', {}, false],
    ['x=', { x: '' }, true],
    ['x!=y,z!=w', { x: 'z', z: 'a' }, true],
    ['x!=y,z!=w', { x: 'z', z: 'w' }, false],
    ['x!=y', {}, true],
    ['x notin ()', { y: '' }, true],
    ['x notin (), y', { y: '' }, true],
    ['x in ()', { y: 'baz' }, false],
    ['x in (foo), y notin (alpha)', { x: 'foo', y: 'baz' }, true],
    ['x in (foo), y in (alpha)', { x: 'foo', y: 'baz' }, false],
    ['x', { x: '' }, true],
    ['x', { y: 'z' }, false],
    ['!x', { y: 'z' }, true],
    ['!x', { x: 'z' }, false],
    ['!x,y', { y: '' }, true],
    ['x>1', { x: '2' }, true],
    ['x>1', { x: '1' }, false],
    ['x<1', { x: '0' }, true],
    ['x<1', { x: '-5' }, true],
    ['x>1', { x: 'v2' }, false],
    ['x>1', {}, false],
    ['x>1', { x: '99999999999999999999' }, false],
    ['x<9223372036854775807', { x: '9223372036854775806' }, true],
    ['foo=bar,foobar=bar,baz=blah', { foo: 'bar', baz: 'blah' }, false],
    ['constructor', {}, false],
  ];
  for (const [selector, labels, expected] of cases) t.is(parseLabelSelector(selector).matches(labels), expected, `${selector} on ${JSON.stringify(labels)}`);
  t.true(parseLabelSelector('!x').matches(undefined));
  t.false(parseLabelSelector('x').matches(undefined));
});

test('everything is empty and matches all; nothing is not empty and matches none', (t) => {
  t.true(LabelSelector.everything().empty());
  t.true(LabelSelector.everything().matches(undefined));
  t.true(parseLabelSelector('').empty());
  t.false(parseLabelSelector('a').empty());
  t.false(LabelSelector.nothing().empty());
  t.false(LabelSelector.nothing().matches({}));
  t.is(LabelSelector.nothing().toString(), '');
});

test('a metav1 LabelSelector: null selects nothing, {} everything, matchLabels and expressions ANDed', (t) => {
  t.false(labelSelectorFromMeta(null).matches({ a: 'b' }));
  t.false(labelSelectorFromMeta(undefined).matches({}));
  t.true(labelSelectorFromMeta({}).empty());
  t.true(labelSelectorFromMeta({ matchLabels: {}, matchExpressions: [] }).matches({ any: 'thing' }));
  const selector = labelSelectorFromMeta({
    matchLabels: { tier: 'web', app: 'shop' },
    matchExpressions: [
      { key: 'env', operator: 'NotIn', values: ['prod', 'dev', 'prod'] },
      { key: 'canary', operator: 'DoesNotExist' },
      { key: 'zone', operator: 'In', values: ['b', 'a'] },
      { key: 'app', operator: 'Exists' },
    ],
  });
  t.is(selector.toString(), 'app=shop,app,!canary,env notin (dev,prod,prod),tier=web,zone in (a,b)');
  t.true(selector.matches({ app: 'shop', tier: 'web', zone: 'a' }));
  t.false(selector.matches({ app: 'shop', tier: 'web', zone: 'a', env: 'prod' }));
  t.false(selector.matches({ app: 'shop', tier: 'web', zone: 'a', canary: '' }));
  t.false(selector.matches({ app: 'shop', tier: 'web' }));
});

test('a metav1 LabelSelector that cannot become a selector fails as LabelSelectorAsSelector does', (t) => {
  const error = (selector: Parameters<typeof labelSelectorFromMeta>[0]): string | undefined =>
    t.throws(() => labelSelectorFromMeta(selector), { instanceOf: LabelSelectorError })?.message;
  t.is(error({ matchExpressions: [{ key: 'a', operator: 'In' }] }), "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty");
  t.is(error({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: [] }] }), "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty");
  t.is(error({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }), 'values: Invalid value: ["x"]: values set must be empty for exists and does not exist');
  t.is(error({ matchExpressions: [{ key: 'a', operator: 'in', values: ['x'] }] }), '"in" is not a valid pod selector operator');
  t.is(
    error({ matchLabels: { 'a b': 'c d' } }),
    `[key: Invalid value: "a b": name part ${KEY_RULE}, values[0][a b]: Invalid value: "c d": ${VALUE_RULE}]`,
  );
});

test('requirements validate as NewRequirement does', (t) => {
  t.is(Requirement.create('y', 'gt', ['1']).toString(), 'y>1');
  t.is(Requirement.create('y', 'lt', ['6']).toString(), 'y<6');
  t.is(
    t.throws(() => Requirement.create('x', '=', ['a', 'b']), { instanceOf: LabelSelectorError })?.message,
    'values: Invalid value: ["a","b"]: exact-match compatibility requires one single value',
  );
  t.is(
    t.throws(() => Requirement.create('x', 'gt', ['1', '2']), { instanceOf: LabelSelectorError })?.message,
    `values: Invalid value: ["1","2"]: for 'Gt', 'Lt' operators, exactly one value is required`,
  );
  t.is(t.throws(() => Requirement.create('a'.repeat(64), 'exists', []))?.message, `key: Invalid value: "${'a'.repeat(64)}": name part must be no more than 63 characters`);
});

test('requiresExactMatch answers for =, == and a one-value in only', (t) => {
  const selector = parseLabelSelector('a=1,b==2,c in (3),d in (4,5),e!=6');
  t.is(selector.requiresExactMatch('a'), '1');
  t.is(selector.requiresExactMatch('b'), '2');
  t.is(selector.requiresExactMatch('c'), '3');
  t.is(selector.requiresExactMatch('d'), undefined);
  t.is(selector.requiresExactMatch('e'), undefined);
  t.is(selector.requiresExactMatch('f'), undefined);
});

test('a selector from a set matches exactly that set', (t) => {
  const selector = labelSelectorFromSet({ foo: 'bar', baz: 'blah' });
  t.is(selector.toString(), 'baz=blah,foo=bar');
  t.true(selector.matches({ foo: 'bar', baz: 'blah', other: 'x' }));
  t.false(selector.matches({ foo: 'bar' }));
  t.true(labelSelectorFromSet(undefined).empty());
});

test('a LabelSelector in a spec is validated with field paths under it', (t) => {
  const path = FieldPath.of('spec', 'selector');
  t.deepEqual(validateLabelSelector(null, path), []);
  const errors = validateLabelSelector(
    {
      matchLabels: { ok: 'fine', bad: '-x' },
      matchExpressions: [
        { key: 'a', operator: 'In' },
        { key: 'b', operator: 'Exists', values: ['v'] },
        { key: '-c', operator: 'Equals' },
      ],
    },
    path,
  ).map(String);
  t.deepEqual(errors, [
    `spec.selector.matchLabels: Invalid value: "-x": ${VALUE_RULE}`,
    "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    'spec.selector.matchExpressions[2].operator: Invalid value: "Equals": not a valid selector operator',
    `spec.selector.matchExpressions[2].key: Invalid value: "-c": name part ${KEY_RULE}`,
  ]);
});
