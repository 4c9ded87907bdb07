// Generates src/gen/k8s-schemas.json: an OpenAPI v3 schema of every built-in Kubernetes type,
// read from kubernetes-types' .d.ts files with the TypeScript compiler API. Names, shapes and
// the special types (Quantity, IntOrString, Time, ...) follow upstream's
// api/openapi-spec/v3 documents, so the schemas serve as components.schemas unchanged and as
// the field list for the apiserver's unknown-field detection.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

type Schema = { [key: string]: unknown };

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(pkg, '../..');
const out = join(pkg, 'src/gen/k8s-schemas.json');
// kubernetes-types is a dependency of @kubeling/api, so resolve it from there.
const typesDir = dirname(createRequire(join(root, 'packages/api/package.json')).resolve('kubernetes-types/package.json'));

const REF_PREFIX = '#/components/schemas/';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/** The .d.ts files not generated from k8s.io/api, by the Go package upstream's OpenAPI names. */
const OUTSIDE_K8S_IO_API: Record<string, string> = {
  'meta/v1': 'io.k8s.apimachinery.pkg.apis.meta.v1',
  'api/resource': 'io.k8s.apimachinery.pkg.api.resource',
  runtime: 'io.k8s.apimachinery.pkg.runtime',
  version: 'io.k8s.apimachinery.pkg.version',
  'apiextensions/v1': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1',
};

/** The Go package a .d.ts file was generated from: "apps/v1.d.ts" is io.k8s.api.apps.v1. */
function packageName(file: string): string {
  const path = relative(typesDir, file).replace(/\.d\.ts$/, '');
  return OUTSIDE_K8S_IO_API[path] ?? `io.k8s.api.${path.replace('/', '.')}`;
}

/** Types whose wire form is not what their TypeScript shape says; upstream's v3 shapes. */
const SPECIAL: Record<string, Schema> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': { type: 'string', format: 'date-time' },
  // Any JSON value, or one of two shapes: upstream gives these no type at all.
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON': {},
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray': {},
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool': {},
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray': {},
};

/** kubernetes-types writes `number | string` for IntOrString and has no declaration of it. */
const INT_OR_STRING_SCHEMA: Schema = {
  description:
    'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
  format: 'int-or-string',
  oneOf: [{ type: 'integer' }, { type: 'string' }],
};

/** The only float64 fields of the built-in API; every other `number` is an integer. */
const FLOAT_FIELDS = new Set(['maximum', 'minimum', 'multipleOf'].map((f) => `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps.${f}`));

function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? declarationFiles(join(dir, e.name)) : e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
}

/** The text of the JSDoc comment right before a node, without its comment markers. */
function description(node: ts.Node): string | undefined {
  const text = node.getSourceFile().getFullText();
  const comment = ts.getLeadingCommentRanges(text, node.getFullStart())?.filter((r) => text.startsWith('/**', r.pos)).at(-1);
  if (!comment) return undefined;
  const body = text.slice(comment.pos + 3, comment.end - 2);
  const lines = body.split('\n').map((line) => line.replace(/^\s*\* ?/, ''));
  return lines.join('\n').trim() || undefined;
}

class Generator {
  private readonly checker: ts.TypeChecker;

  constructor(private readonly program: ts.Program) {
    this.checker = program.getTypeChecker();
  }

  definitions(): Record<string, Schema> {
    const defs: Record<string, Schema> = { [INT_OR_STRING]: INT_OR_STRING_SCHEMA };
    for (const file of this.program.getSourceFiles()) {
      if (!file.fileName.startsWith(typesDir)) continue;
      for (const stmt of file.statements) {
        if (ts.isInterfaceDeclaration(stmt) || ts.isTypeAliasDeclaration(stmt)) {
          const name = `${packageName(file.fileName)}.${stmt.name.text}`;
          defs[name] = withDescription(description(stmt), SPECIAL[name] ?? this.declarationSchema(name, stmt));
        }
      }
    }
    return defs;
  }

  private declarationSchema(name: string, decl: ts.InterfaceDeclaration | ts.TypeAliasDeclaration): Schema {
    if (ts.isTypeAliasDeclaration(decl)) throw new Error(`${name}: type alias without a known wire form`);
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    const literals: Record<string, string> = {};
    for (const member of decl.members) {
      if (!ts.isPropertySignature(member) || !member.type) throw new Error(`${name}: unexpected member ${member.getText()}`);
      const field = propertyName(member.name);
      properties[field] = this.fieldSchema(`${name}.${field}`, member.type, description(member));
      if (!member.questionToken) required.push(field);
      if (ts.isLiteralTypeNode(member.type) && ts.isStringLiteral(member.type.literal)) literals[field] = member.type.literal.text;
    }
    const schema: Schema = { type: 'object' };
    if (Object.keys(properties).length > 0) schema.properties = properties;
    if (required.length > 0) schema.required = required;
    if (literals.apiVersion && literals.kind) schema['x-kubernetes-group-version-kind'] = [groupVersionKind(literals.apiVersion, literals.kind)];
    return schema;
  }

  /** A field's schema; a reference carries its description beside it through allOf, as upstream does. */
  private fieldSchema(path: string, type: ts.TypeNode, doc: string | undefined): Schema {
    const schema = this.typeSchema(path, type);
    if (doc === undefined) return schema;
    return typeof schema.$ref === 'string' ? { allOf: [schema], description: doc } : { ...schema, description: doc };
  }

  private typeSchema(path: string, type: ts.TypeNode): Schema {
    switch (type.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: 'string' };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
      case ts.SyntaxKind.NumberKeyword:
        return FLOAT_FIELDS.has(path) ? { type: 'number', format: 'double' } : { type: 'integer' };
    }
    if (ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal)) return { type: 'string' };
    if (ts.isUnionTypeNode(type) && isIntOrString(type)) return ref(INT_OR_STRING);
    if (ts.isArrayTypeNode(type)) return { type: 'array', items: this.typeSchema(path, type.elementType) };
    if (ts.isTypeLiteralNode(type)) return this.mapSchema(path, type);
    if (ts.isTypeReferenceNode(type)) {
      const [element] = type.typeArguments ?? [];
      if (type.typeName.getText() === 'Array' && element) return { type: 'array', items: this.typeSchema(path, element) };
      return ref(this.referencedName(type));
    }
    throw new Error(`${path}: unsupported type ${type.getText()}`);
  }

  private mapSchema(path: string, type: ts.TypeLiteralNode): Schema {
    const [index] = type.members;
    if (type.members.length !== 1 || !ts.isIndexSignatureDeclaration(index)) throw new Error(`${path}: unsupported type ${type.getText()}`);
    return { type: 'object', additionalProperties: this.typeSchema(path, index.type) };
  }

  /** The upstream name of the type a reference points at, following imports across files. */
  private referencedName(type: ts.TypeReferenceNode): string {
    let symbol = this.checker.getSymbolAtLocation(type.typeName);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const decl = symbol?.declarations?.[0];
    if (!decl) throw new Error(`unresolved type ${type.getText()}`);
    return `${packageName(decl.getSourceFile().fileName)}.${symbol!.name}`;
  }
}

function propertyName(name: ts.PropertyName): string {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  throw new Error(`unsupported property name ${name.getText()}`);
}

function isIntOrString(type: ts.UnionTypeNode): boolean {
  const kinds = type.types.map((t) => t.kind).sort();
  return kinds.length === 2 && kinds[0] === ts.SyntaxKind.NumberKeyword && kinds[1] === ts.SyntaxKind.StringKeyword;
}

function ref(name: string): Schema {
  return { $ref: `${REF_PREFIX}${name}` };
}

function withDescription(doc: string | undefined, schema: Schema): Schema {
  return doc === undefined ? schema : { description: doc, ...schema };
}

function groupVersionKind(apiVersion: string, kind: string): { group: string; kind: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return { group: slash < 0 ? '' : apiVersion.slice(0, slash), kind, version: apiVersion.slice(slash + 1) };
}

/** Objects with their keys in order, as upstream's documents are, so the output is stable. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortedKeys((value as Record<string, unknown>)[k])]),
  );
}

const program = ts.createProgram(declarationFiles(typesDir), { noEmit: true, skipLibCheck: true });
const schemas = new Generator(program).definitions();
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(sortedKeys({ schemas }))}\n`);
console.log(`wrote ${Object.keys(schemas).length} schemas to ${relative(root, out)}`);
