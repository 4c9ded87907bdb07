/**
 * A call's trailers read the way grpc-js' Metadata reads them, so code written against
 * grpc-js errors (`err.metadata.get('kubeling-status-bin')[0]`) works on the lean client's.
 */
export class TrailerMetadata {
  /** `trailers` as they came: binary (`-bin`) values still base64, repeated values comma-joined. */
  constructor(private readonly trailers: Record<string, string>) {}

  /** The values of `key`: bytes for `-bin` keys (one per comma-separated entry), else the text. */
  get(key: string): Array<string | Buffer> {
    const value = this.trailers[key];
    if (value === undefined) return [];
    if (!key.endsWith('-bin')) return [value];
    return value.split(',').map((entry) => Buffer.from(entry.trim(), 'base64'));
  }
}
