// Field selectors as k8s.io/apimachinery/pkg/fields: the `?fieldSelector=` syntax
// (fields.ParseSelector), matching against an object's selectable fields, and the error a
// resource gives for a field it cannot select on.

/** fields.Requirement: `==` is read as `=`, so these are the only two operators. */
export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

/** An object's value for a selectable field; undefined (a field it lacks) compares as ''. */
export type FieldGetter = (field: string) => string | undefined;

/** A selector that could not be parsed or that names an unsupported field; the message is Kubernetes' own. */
export class FieldSelectorError extends Error {
  override name = 'FieldSelectorError';
}

/** A field selector: the AND of its requirements, in the order of their sorted source terms. */
export class FieldSelector {
  constructor(readonly requirements: readonly FieldRequirement[]) {}

  static everything(): FieldSelector {
    return new FieldSelector([]);
  }

  matches(get: FieldGetter): boolean {
    return this.requirements.every(({ field, operator, value }) => ((get(field) ?? '') === value) === (operator === '='));
  }

  empty(): boolean {
    return this.requirements.length === 0;
  }

  /** The fields the selector names, each once. */
  fields(): string[] {
    return [...new Set(this.requirements.map((requirement) => requirement.field))];
  }

  /** The value an `=` requirement demands for `field`, if there is one (e.g. spec.nodeName for a kubelet). */
  requiresExactMatch(field: string): string | undefined {
    return this.requirements.find((requirement) => requirement.field === field && requirement.operator === '=')?.value;
  }

  /** `a=b,c!=d`, values escaped again. */
  toString(): string {
    return this.requirements.map(({ field, operator, value }) => `${field}${operator}${escapeValue(value)}`).join(',');
  }
}

/**
 * fields.ParseSelector: comma-separated `field=value`, `field==value` or `field!=value` terms
 * (nothing trimmed); `\,`, `\=` and `\\` escape in values; '' selects everything.
 * Throws FieldSelectorError, e.g. `invalid selector: 'a'; can't understand 'a'`.
 */
export function parseFieldSelector(text: string): FieldSelector {
  const requirements = splitTerms(text)
    .sort()
    .filter((term) => term !== '')
    .map((term) => parseTerm(text, term));
  return new FieldSelector(requirements);
}

/** The first field (in the selector's order) that `supported` lacks, as the error Kubernetes gives for it. */
export function unsupportedFieldError(selector: FieldSelector, supported: ReadonlySet<string>): FieldSelectorError | undefined {
  const field = selector.requirements.find((requirement) => !supported.has(requirement.field))?.field;
  return field === undefined ? undefined : new FieldSelectorError(`field label not supported: ${field}`);
}

/** `\,`, `\=` and `\\` escape the characters that would end or split a term. */
export function escapeValue(value: string): string {
  return value.replace(/[\\,=]/g, (char) => `\\${char}`);
}

/** Terms split at unescaped commas, escapes kept for the value to undo. */
function splitTerms(text: string): string[] {
  if (text === '') return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    if (escaped) escaped = false;
    else if (text[i] === '\\') escaped = true;
    else if (text[i] === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

/** Split at the first operator: the field cannot escape one, so `a\=b=c` is field `a\` and value `b=c`. */
const TERM = /^(.*?)(!=|==|=)(.*)$/s;

function parseTerm(selector: string, term: string): FieldRequirement {
  const match = TERM.exec(term);
  if (match === null) throw new FieldSelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
  const [, field, operator, rawValue] = match;
  return { field, operator: operator === '!=' ? '!=' : '=', value: unescapeValue(rawValue) };
}

function unescapeValue(raw: string): string {
  let value = '';
  let escaped = false;
  for (const char of raw) {
    if (escaped) {
      if (!'\\,='.includes(char)) throw new FieldSelectorError(`invalid field selector: invalid escape sequence: \\${char}`);
      value += char;
      escaped = false;
    } else if (char === '\\') {
      escaped = true;
    } else if (char === ',' || char === '=') {
      // Go prints the rune as its number: "unescapedRune character in value: 61" for '='.
      throw new FieldSelectorError(`invalid field selector: unescapedRune character in value: ${char.codePointAt(0)}`);
    } else {
      value += char;
    }
  }
  if (escaped) throw new FieldSelectorError('invalid field selector: invalid escape sequence: \\');
  return value;
}
