// Objects as one canonical text, for comparing and hashing pod templates the way
// apiequality.Semantic.DeepEqual compares them: keys sorted, and an absent field, a null, an
// empty map and an empty list all count as the same nothing.
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isNothing(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

function normalize(value: unknown): Json | undefined {
  if (Array.isArray(value)) return value.map((v) => normalize(v) ?? null);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      const v = normalize((value as Record<string, unknown>)[key]);
      if (!isNothing(v)) out[key] = v!;
    }
    return out;
  }
  return value as Json | undefined;
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalize(value) ?? null);
}
