// $(VAR) expansion as Kubernetes' third_party/forked/golang/expansion does it for env values,
// command and args: `$(NAME)` is replaced when NAME is known and kept verbatim otherwise,
// `$$` escapes a `$`, and an unterminated `$(` is left as written.

const OPERATOR = '$';
const OPENER = '(';
const CLOSER = ')';

/** Maps a variable name to its value; unknown names map back to `$(name)`. */
export type Mapping = (name: string) => string;

const syntaxWrap = (name: string) => `${OPERATOR}${OPENER}${name}${CLOSER}`;

/** expansion.MappingFuncFor: the first context that has the name wins. */
export function mappingFor(...contexts: ReadonlyMap<string, string>[]): Mapping {
  return (name) => {
    for (const vars of contexts) {
      const value = vars.get(name);
      if (value !== undefined) return value;
    }
    return syntaxWrap(name);
  };
}

interface Read {
  text: string;
  isVariable: boolean;
  advance: number;
}

/** tryReadVariableName: what follows an operator at the start of `input`. */
function readVariableName(input: string): Read {
  if (input[0] === OPERATOR) return { text: OPERATOR, isVariable: false, advance: 1 };
  if (input[0] === OPENER) {
    const close = input.indexOf(CLOSER, 1);
    if (close >= 0) return { text: input.slice(1, close), isVariable: true, advance: close + 1 };
    return { text: `${OPERATOR}${OPENER}`, isVariable: false, advance: 1 };
  }
  return { text: `${OPERATOR}${input[0]}`, isVariable: false, advance: 1 };
}

/** expansion.Expand. */
export function expand(input: string, mapping: Mapping): string {
  let output = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== OPERATOR || cursor + 1 >= input.length) continue;
    output += input.slice(checkpoint, cursor);
    const read = readVariableName(input.slice(cursor + 1));
    output += read.isVariable ? mapping(read.text) : read.text;
    cursor += read.advance;
    checkpoint = cursor + 1;
  }
  return output + input.slice(checkpoint);
}
