// What proto/k8s/gojson.proto records about a field's Go struct tag, read from protobufjs field options.
import protobuf from 'protobufjs';

/** How the Go JSON encoder treats a field, beyond its type. */
export interface GoField {
  /** The JSON key (json_name where the proto name differs, as BoundObjectReference.uID → uid). */
  jsonName: string;
  /** A Go pointer: present on the wire means set, even to a zero value. */
  nullable: boolean;
  /** Zero values are left out (`omitempty`), which is the common case. */
  omitempty: boolean;
  /** An embedded struct (`json:",inline"`) whose fields sit in the enclosing object. */
  inline: boolean;
}

const cache = new WeakMap<protobuf.Field, GoField>();

export function goField(field: protobuf.Field): GoField {
  let facts = cache.get(field);
  if (!facts) {
    const options = field.options ?? {};
    facts = {
      jsonName: (options.json_name as string | undefined) ?? field.name,
      nullable: options['(kubeling.gojson.nullable)'] === true,
      omitempty: options['(kubeling.gojson.omitempty)'] !== false,
      inline: options['(kubeling.gojson.inline)'] === true,
    };
    cache.set(field, facts);
  }
  return facts;
}
