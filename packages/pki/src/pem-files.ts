import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** A PEM pair on disk: a public part (certificate or public key) and its private key. */
export interface PemPairPaths {
  publicPath: string;
  privatePath: string;
}

export interface PemPair {
  publicPem: string;
  privatePem: string;
}

/**
 * Reads the pair when both files exist; creates and writes it when neither does.
 * Never overwrites: one file without the other is an error for a person to resolve,
 * since replacing either would break whatever already trusts the other.
 */
export function readOrCreatePemPair(paths: PemPairPaths, create: () => PemPair): PemPair {
  const hasPublic = existsSync(paths.publicPath);
  const hasPrivate = existsSync(paths.privatePath);
  if (hasPublic && hasPrivate) return { publicPem: readFileSync(paths.publicPath, 'utf8'), privatePem: readFileSync(paths.privatePath, 'utf8') };
  if (hasPublic || hasPrivate) {
    const [present, missing] = hasPublic ? [paths.publicPath, paths.privatePath] : [paths.privatePath, paths.publicPath];
    throw new Error(`${present} exists but ${missing} does not; restore it or remove both`);
  }
  const pair = create();
  // 'wx' refuses to replace a file that appeared meanwhile.
  writeFileSync(paths.privatePath, pair.privatePem, { mode: 0o600, flag: 'wx' });
  writeFileSync(paths.publicPath, pair.publicPem, { mode: 0o644, flag: 'wx' });
  return pair;
}
