// Label selectors as k8s.io/apimachinery/pkg/labels: the string syntax of `?labelSelector=` and
// `kubectl -l` (labels.Parse), selectors built from a metav1.LabelSelector
// (metav1.LabelSelectorAsSelector), matching, and the canonical string form.
import type { LabelSelector as MetaLabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1.js';
import { aggregateMessage, FieldPath, forbidden, invalid, quote, required, type FieldError, type FieldPathOrNil } from '../validation/field-errors.js';
import { isQualifiedName, isValidLabelValue, validateLabelName, validateLabels } from '../validation/names.js';

/** selection.Operator, as the strings Kubernetes uses for them. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'gt' | 'lt' | 'exists' | '!';

/** The binary operators in the order Kubernetes lists them when it expected one. */
const BINARY_OPERATORS: readonly LabelOperator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];

export type Labels = Readonly<Record<string, string>>;

/** A selector that could not be parsed or built; the message is Kubernetes' own. */
export class LabelSelectorError extends Error {
  override name = 'LabelSelectorError';
}

/** One requirement: a key, an operator and the values it relates them to (labels.Requirement). */
export class Requirement {
  private constructor(
    readonly key: string,
    readonly operator: LabelOperator,
    readonly values: readonly string[],
  ) {}

  /**
   * A validated requirement (labels.NewRequirement); throws with the aggregate of field errors
   * (`key: Invalid value: ...`, `values: ...`) when the key, operator or values do not fit.
   */
  static create(key: string, operator: LabelOperator, values: readonly string[]): Requirement {
    const errors = requirementErrors(key, operator, values);
    if (errors.length > 0) throw new LabelSelectorError(aggregateMessage(errors));
    return new Requirement(key, operator, values);
  }

  matches(labels: Labels | undefined): boolean {
    const has = labels !== undefined && Object.hasOwn(labels, this.key);
    const value = has ? labels[this.key] : '';
    switch (this.operator) {
      case 'in':
      case '=':
      case '==':
        return has && this.values.includes(value);
      case 'notin':
      case '!=':
        return !has || !this.values.includes(value);
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'gt':
      case 'lt':
        return has && compareIntegers(this.operator, value, this.values);
    }
  }

  /** `key in (a,b)`, `!key`, `key!=v`: values sorted, as Kubernetes prints them. */
  toString(): string {
    switch (this.operator) {
      case 'exists':
        return this.key;
      case '!':
        return `!${this.key}`;
      case 'in':
      case 'notin':
        return `${this.key} ${this.operator} (${sortedValues(this.values)})`;
      case 'gt':
        return `${this.key}>${sortedValues(this.values)}`;
      case 'lt':
        return `${this.key}<${sortedValues(this.values)}`;
      default:
        return `${this.key}${this.operator}${sortedValues(this.values)}`;
    }
  }
}

const sortedValues = (values: readonly string[]): string => [...values].sort().join(',');

function compareIntegers(operator: 'gt' | 'lt', labelValue: string, values: readonly string[]): boolean {
  const actual = parseInt64(labelValue);
  const bound = values.length === 1 ? parseInt64(values[0]) : undefined;
  if (actual === undefined || bound === undefined) return false;
  return operator === 'gt' ? actual > bound : actual < bound;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 10, 64): an optional sign, decimal digits, within int64. */
function parseInt64(text: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

/** What labels.NewRequirement checks, with its paths: `key`, `values`, `values[i]`, `values[i][key]`. */
function requirementErrors(key: string, operator: LabelOperator, values: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  const keyError = labelKeyError(key, FieldPath.of('key'));
  if (keyError !== undefined) errors.push(keyError);
  const valuesPath = FieldPath.of('values');
  // Go prints an empty (nil) value list as JSON null.
  const shown = values.length === 0 ? null : values;
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errors.push(invalid(valuesPath, shown, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errors.push(invalid(valuesPath, shown, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) errors.push(invalid(valuesPath, shown, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) errors.push(invalid(valuesPath, shown, "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((value, i) => {
        if (parseInt64(value) === undefined) errors.push(invalid(valuesPath.index(i), value, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
  }
  values.forEach((value, i) => {
    const messages = isValidLabelValue(value);
    if (messages.length > 0) errors.push(invalid(valuesPath.index(i).key(key), value, messages.join('; ')));
  });
  return errors;
}

function labelKeyError(key: string, path: FieldPathOrNil): FieldError | undefined {
  const messages = isQualifiedName(key);
  return messages.length === 0 ? undefined : invalid(path, key, messages.join('; '));
}

/**
 * A label selector (labels.Selector): the AND of its requirements, sorted by key. `everything()`
 * has none and matches all; `nothing()` matches none (what a missing metav1.LabelSelector means).
 */
export class LabelSelector {
  private constructor(
    readonly requirements: readonly Requirement[],
    private readonly selectsNothing: boolean,
  ) {}

  static everything(): LabelSelector {
    return new LabelSelector([], false);
  }

  static nothing(): LabelSelector {
    return new LabelSelector([], true);
  }

  /** Requirements ANDed, kept in key order as Kubernetes does (a stable sort: equal keys keep their order). */
  static of(requirements: readonly Requirement[]): LabelSelector {
    return new LabelSelector(
      [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
      false,
    );
  }

  matches(labels: Labels | undefined): boolean {
    return !this.selectsNothing && this.requirements.every((requirement) => requirement.matches(labels));
  }

  /** True when the selector does not restrict anything (it is everything()). */
  empty(): boolean {
    return !this.selectsNothing && this.requirements.length === 0;
  }

  /** The value a selector demands for `label` through `=`, `==` or a one-value `in`, if it does. */
  requiresExactMatch(label: string): string | undefined {
    const requirement = this.requirements.find((r) => r.key === label);
    if (requirement === undefined || requirement.values.length !== 1) return undefined;
    return ['=', '==', 'in'].includes(requirement.operator) ? requirement.values[0] : undefined;
  }

  /** The canonical form, e.g. `app=web,tier in (a,b),!canary`; '' for everything() and nothing(). */
  toString(): string {
    return this.requirements.join(',');
  }
}

/** A selector matching exactly these labels (labels.ValidatedSelectorFromSet); throws for an invalid key or value. */
export function labelSelectorFromSet(labels: Labels | undefined): LabelSelector {
  return LabelSelector.of(Object.entries(labels ?? {}).map(([key, value]) => Requirement.create(key, '=', [value])));
}

/**
 * metav1.LabelSelectorAsSelector: undefined or null selects nothing, an empty selector
 * everything. Throws LabelSelectorError with Kubernetes' message for a bad key, value or operator.
 */
export function labelSelectorFromMeta(selector: MetaLabelSelector | null | undefined): LabelSelector {
  if (selector === undefined || selector === null) return LabelSelector.nothing();
  const matchLabels = Object.entries(selector.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const expressions = selector.matchExpressions ?? [];
  if (matchLabels.length + expressions.length === 0) return LabelSelector.everything();
  return LabelSelector.of([
    ...matchLabels.map(([key, value]) => Requirement.create(key, '=', [value])),
    ...expressions.map((expression) => Requirement.create(expression.key, expressionOperator(expression), expression.values ?? [])),
  ]);
}

const EXPRESSION_OPERATORS: Readonly<Record<string, LabelOperator>> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

function expressionOperator(expression: LabelSelectorRequirement): LabelOperator {
  const operator = Object.hasOwn(EXPRESSION_OPERATORS, expression.operator) ? EXPRESSION_OPERATORS[expression.operator] : undefined;
  if (operator === undefined) throw new LabelSelectorError(`${quote(expression.operator)} is not a valid pod selector operator`);
  return operator;
}

/**
 * The field errors of a metav1.LabelSelector in an object's spec (metav1 validation's
 * ValidateLabelSelector), e.g. `spec.selector.matchExpressions[0].values: Required value: ...`.
 */
export function validateLabelSelector(selector: MetaLabelSelector | null | undefined, path: FieldPath): FieldError[] {
  if (selector === undefined || selector === null) return [];
  return [
    ...validateLabels(selector.matchLabels, path.child('matchLabels')),
    ...(selector.matchExpressions ?? []).flatMap((expression, i) => validateExpression(expression, path.child('matchExpressions').index(i))),
  ];
}

function validateExpression(expression: LabelSelectorRequirement, path: FieldPath): FieldError[] {
  const values = expression.values ?? [];
  const errors: FieldError[] = [];
  switch (expression.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errors.push(required(path.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errors.push(forbidden(path.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    default:
      errors.push(invalid(path.child('operator'), expression.operator, 'not a valid selector operator'));
  }
  return [...errors, ...validateLabelName(expression.key, path.child('key'))];
}

/**
 * labels.Parse: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, `a<1`,
 * comma-separated and ANDed; '' selects everything. Throws LabelSelectorError with Kubernetes'
 * message, e.g. `unable to parse requirement: found '', expected: identifier`.
 */
export function parseLabelSelector(text: string): LabelSelector {
  return LabelSelector.of(new Parser(scan(text)).parse());
}

enum Token {
  EndOfString,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
}

const LITERAL_TOKENS: ReadonlyMap<string, Token> = new Map([
  [')', Token.ClosedPar],
  [',', Token.Comma],
  ['!', Token.DoesNotExist],
  ['==', Token.DoubleEquals],
  ['=', Token.Equals],
  ['>', Token.GreaterThan],
  ['in', Token.In],
  ['<', Token.LessThan],
  ['!=', Token.NotEquals],
  ['notin', Token.NotIn],
  ['(', Token.OpenPar],
]);

interface ScannedItem {
  token: Token;
  literal: string;
}

const isWhitespace = (char: string): boolean => char === ' ' || char === '\t' || char === '\r' || char === '\n';
const isSpecialSymbol = (char: string): boolean => '=!(),><'.includes(char);

/** The lexer (labels.Lexer): the whole input as tokens, ending with EndOfString. */
function scan(text: string): ScannedItem[] {
  const items: ScannedItem[] = [];
  let position = 0;
  const scanWhile = (accept: (char: string) => boolean): string => {
    const start = position;
    while (position < text.length && accept(text[position])) position++;
    return text.slice(start, position);
  };
  for (;;) {
    scanWhile(isWhitespace);
    if (position >= text.length) break;
    if (isSpecialSymbol(text[position])) {
      const item = operatorAt(text, position);
      position += item.literal.length;
      items.push(item);
    } else {
      const word = scanWhile((char) => !isSpecialSymbol(char) && !isWhitespace(char));
      items.push({ token: LITERAL_TOKENS.get(word) ?? Token.Identifier, literal: word });
    }
  }
  items.push({ token: Token.EndOfString, literal: '' });
  return items;
}

/** The operator at `start`, the longer one when two fit (scanSpecialSymbol): `!=(` is `!=` then `(`. */
function operatorAt(text: string, start: number): ScannedItem {
  const pair = text.slice(start, start + 2);
  const literal = pair === '==' || pair === '!=' ? pair : text[start];
  return { token: LITERAL_TOKENS.get(literal) ?? Token.Identifier, literal };
}

/** Where a token is read: among values, `in` and `notin` are plain identifiers. */
enum Context {
  KeyAndOperator,
  Values,
}

const BINARY_OPERATOR_TOKENS: ReadonlyMap<Token, LabelOperator> = new Map([
  [Token.In, 'in'],
  [Token.Equals, '='],
  [Token.DoubleEquals, '=='],
  [Token.GreaterThan, 'gt'],
  [Token.LessThan, 'lt'],
  [Token.NotIn, 'notin'],
  [Token.NotEquals, '!='],
]);

/** The recursive-descent parser of labels.Parse, with its error messages. */
class Parser {
  private position = 0;

  constructor(private readonly items: readonly ScannedItem[]) {}

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    for (;;) {
      const next = this.lookahead(Context.Values);
      if (next.token === Token.EndOfString) return requirements;
      if (next.token !== Token.Identifier && next.token !== Token.DoesNotExist) {
        throw new LabelSelectorError(`found '${next.literal}', expected: !, identifier, or 'end of string'`);
      }
      requirements.push(this.requirement());
      const separator = this.consume(Context.Values);
      if (separator.token === Token.EndOfString) return requirements;
      if (separator.token !== Token.Comma) throw new LabelSelectorError(`found '${separator.literal}', expected: ',' or 'end of string'`);
      const after = this.lookahead(Context.Values);
      if (after.token !== Token.Identifier && after.token !== Token.DoesNotExist) {
        throw new LabelSelectorError(`found '${after.literal}', expected: identifier after ','`);
      }
    }
  }

  private requirement(): Requirement {
    try {
      const { key, unary } = this.keyAndInferredOperator();
      if (unary !== undefined) return Requirement.create(key, unary, []);
      const operator = this.operator();
      const values = operator === 'in' || operator === 'notin' ? this.valueSet() : this.exactValue();
      return Requirement.create(key, operator, [...values].sort());
    } catch (error) {
      if (error instanceof LabelSelectorError) throw new LabelSelectorError(`unable to parse requirement: ${error.message}`);
      throw error;
    }
  }

  /** The key, and `exists` or `!` when no binary operator follows it. */
  private keyAndInferredOperator(): { key: string; unary: LabelOperator | undefined } {
    let item = this.consume(Context.Values);
    const negated = item.token === Token.DoesNotExist;
    if (negated) item = this.consume(Context.Values);
    if (item.token !== Token.Identifier) throw new LabelSelectorError(`found '${item.literal}', expected: identifier`);
    // The parser checks keys without a field path: Go prints the nil path as "<nil>".
    const keyError = labelKeyError(item.literal, null);
    if (keyError !== undefined) throw new LabelSelectorError(keyError.toString());
    if (negated) return { key: item.literal, unary: '!' };
    const next = this.lookahead(Context.Values).token;
    const ends = next === Token.EndOfString || next === Token.Comma;
    return { key: item.literal, unary: ends ? 'exists' : undefined };
  }

  private operator(): LabelOperator {
    const item = this.consume(Context.KeyAndOperator);
    const operator = BINARY_OPERATOR_TOKENS.get(item.token);
    if (operator === undefined) throw new LabelSelectorError(`found '${item.literal}', expected: ${BINARY_OPERATORS.join(', ')}`);
    return operator;
  }

  /** `(x,y,z)`: a set, so repeated values count once; `()` and empty entries stand for ''. */
  private valueSet(): Set<string> {
    const open = this.consume(Context.Values);
    if (open.token !== Token.OpenPar) throw new LabelSelectorError(`found '${open.literal}' expected: '('`);
    const first = this.lookahead(Context.Values);
    switch (first.token) {
      case Token.ClosedPar:
        this.consume(Context.Values);
        return new Set(['']);
      case Token.Identifier:
      case Token.Comma: {
        const values = this.identifierList();
        // Kubernetes names the token after '(' here, not the one it found.
        if (this.consume(Context.Values).token !== Token.ClosedPar) throw new LabelSelectorError(`found '${first.literal}', expected: ')'`);
        return values;
      }
      default:
        throw new LabelSelectorError(`found '${first.literal}', expected: ',', ')' or identifier`);
    }
  }

  /** Comma-separated, possibly empty identifiers up to (not including) ')'. */
  private identifierList(): Set<string> {
    const values = new Set<string>();
    for (;;) {
      const item = this.consume(Context.Values);
      if (item.token === Token.Identifier) {
        values.add(item.literal);
        const next = this.lookahead(Context.Values);
        if (next.token === Token.ClosedPar) return values;
        if (next.token !== Token.Comma) throw new LabelSelectorError(`found '${next.literal}', expected: ',' or ')'`);
      } else if (item.token === Token.Comma) {
        if (values.size === 0) values.add('');
        const next = this.lookahead(Context.Values).token;
        if (next === Token.ClosedPar) {
          values.add('');
          return values;
        }
        if (next === Token.Comma) {
          this.consume(Context.Values);
          values.add('');
        }
      } else {
        throw new LabelSelectorError(`found '${item.literal}', expected: ',', or identifier`);
      }
    }
  }

  /** The one value after `=`, `==`, `!=`, `>` or `<`; nothing before ',' or the end means ''. */
  private exactValue(): Set<string> {
    const next = this.lookahead(Context.Values).token;
    if (next === Token.EndOfString || next === Token.Comma) return new Set(['']);
    const item = this.consume(Context.Values);
    if (item.token !== Token.Identifier) throw new LabelSelectorError(`found '${item.literal}', expected: identifier`);
    return new Set([item.literal]);
  }

  private lookahead(context: Context): ScannedItem {
    return asIn(this.items[this.position], context);
  }

  private consume(context: Context): ScannedItem {
    return asIn(this.items[this.position++], context);
  }
}

function asIn(item: ScannedItem, context: Context): ScannedItem {
  const keyword = item.token === Token.In || item.token === Token.NotIn;
  return context === Context.Values && keyword ? { token: Token.Identifier, literal: item.literal } : item;
}
