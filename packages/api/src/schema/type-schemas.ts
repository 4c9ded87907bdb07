import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A group/version/kind as OpenAPI's x-kubernetes-group-version-kind writes it. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** The subset of an OpenAPI v3 schema that upstream's built-in type definitions use. */
export interface Schema {
  description?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  $ref?: string;
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
}

/** The schema of one kind, with the definitions its references point into. */
export interface KindSchema {
  /** Upstream's definition name: "io.k8s.api.apps.v1.Deployment". */
  name: string;
  schema: Schema;
  types: TypeSchemas;
}

export const SCHEMA_REF_PREFIX = '#/components/schemas/';

/** Written by packages/proto/scripts/gen-k8s-schemas.ts (`pnpm gen`). */
export const TYPE_SCHEMAS_PATH = fileURLToPath(new URL('../../../proto/src/gen/k8s-schemas.json', import.meta.url));

/** The definition a schema refers to, directly or through allOf as upstream writes a described field. */
export function referencedName(schema: Schema): string | undefined {
  const ref = schema.$ref ?? schema.allOf?.[0]?.$ref;
  return ref?.startsWith(SCHEMA_REF_PREFIX) ? ref.slice(SCHEMA_REF_PREFIX.length) : undefined;
}

/** Every built-in type's schema, by upstream definition name and by group/version/kind. */
export class TypeSchemas {
  private readonly kinds = new Map<string, string>();

  constructor(readonly definitions: Readonly<Record<string, Schema>>) {
    for (const [name, schema] of Object.entries(definitions)) {
      for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) this.kinds.set(gvkKey(gvk), name);
    }
  }

  schemaForKind(group: string, version: string, kind: string): KindSchema | undefined {
    const name = this.kinds.get(gvkKey({ group, version, kind }));
    return name === undefined ? undefined : { name, schema: this.definitions[name], types: this };
  }

  /** The schema itself, or the definition it refers to. */
  resolve(schema: Schema): Schema {
    const name = referencedName(schema);
    if (name === undefined) return schema;
    const target = this.definitions[name];
    if (!target) throw new Error(`schema reference to unknown definition ${name}`);
    return target;
  }
}

function gvkKey(gvk: GroupVersionKind): string {
  return `${gvk.group}/${gvk.version}/${gvk.kind}`;
}

let loaded: TypeSchemas | undefined;

/** The generated schemas, read once. */
export function typeSchemas(): TypeSchemas {
  if (!loaded) {
    if (!existsSync(TYPE_SCHEMAS_PATH)) {
      throw new Error(`${TYPE_SCHEMAS_PATH} is missing: generate it with \`pnpm gen\` (node --import tsx packages/proto/scripts/gen-k8s-schemas.ts)`);
    }
    const file = JSON.parse(readFileSync(TYPE_SCHEMAS_PATH, 'utf8')) as { schemas: Record<string, Schema> };
    loaded = new TypeSchemas(file.schemas);
  }
  return loaded;
}

/** The schema of a built-in kind, or undefined for a kind Kubernetes does not define. */
export function schemaForKind(group: string, version: string, kind: string): KindSchema | undefined {
  return typeSchemas().schemaForKind(group, version, kind);
}
