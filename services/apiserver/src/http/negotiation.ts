/** A media type with its parameters, from an Accept or Content-Type header. */
interface MediaType {
  type: string;
  params: Record<string, string>;
}

function parseMediaTypes(header: string | undefined): MediaType[] {
  if (!header) return [];
  return header.split(',').map((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim());
    const parsed: Record<string, string> = {};
    for (const p of params) {
      const eq = p.indexOf('=');
      if (eq > 0) parsed[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
    }
    return { type: (type ?? '').toLowerCase(), params: parsed };
  });
}

const isJson = (m: MediaType) => m.type === 'application/json' || m.type === '*/*' || m.type === 'application/*';

/** The Table version the client asked for (kubectl get's human output), if any. */
export function wantsTable(accept: string | undefined): 'v1' | 'v1beta1' | undefined {
  for (const m of parseMediaTypes(accept)) {
    if (m.type === 'application/json' && m.params.as === 'Table' && m.params.g === 'meta.k8s.io' && (m.params.v === 'v1' || m.params.v === 'v1beta1')) return m.params.v;
    if (isJson(m) && !m.params.as) return undefined;
  }
  return undefined;
}

/**
 * The aggregated discovery version to answer with (apidiscovery.k8s.io v2 or v2beta1), or
 * undefined for the legacy documents. The Content-Type of the answer must say which.
 */
export function wantsAggregatedDiscovery(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  for (const m of parseMediaTypes(accept)) {
    if (m.type === 'application/json' && m.params.g === 'apidiscovery.k8s.io' && m.params.as === 'APIGroupDiscoveryList' && (m.params.v === 'v2' || m.params.v === 'v2beta1')) return m.params.v;
    if (isJson(m) && !m.params.as) return undefined;
  }
  return undefined;
}

/** The media type of a request body, lower-cased, without parameters; none means JSON. */
export function contentTypeOf(header: string | undefined): string {
  return parseMediaTypes(header)[0]?.type || 'application/json';
}
