import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import type { Kubeconfig } from './kubeconfig.js';

/** YAML as kubectl writes a kubeconfig: keys in alphabetical order, list items flush with their key, long base64 strings never folded. */
export function serializeKubeconfig(config: Kubeconfig): string {
  return stringify(sortedKeys(config), { lineWidth: 0, indentSeq: false });
}

/** A kubeconfig from YAML (or JSON); missing lists and fields read as empty, as kubectl reads them. */
export function parseKubeconfig(text: string): Kubeconfig {
  const raw: unknown = parse(text) ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error('a kubeconfig must be a YAML mapping');
  const config = raw as Partial<Kubeconfig>;
  return {
    ...config,
    apiVersion: 'v1',
    kind: 'Config',
    clusters: config.clusters ?? [],
    contexts: config.contexts ?? [],
    users: config.users ?? [],
    'current-context': config['current-context'] ?? '',
    preferences: config.preferences ?? {},
  };
}

export function readKubeconfig(path: string): Kubeconfig {
  return parseKubeconfig(readFileSync(path, 'utf8'));
}

/** Writes the kubeconfig readable by its owner only, as kubectl does: it holds credentials. */
export function writeKubeconfig(path: string, config: Kubeconfig): void {
  writeFileSync(path, serializeKubeconfig(config), { mode: 0o600 });
  chmodSync(path, 0o600);
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortedKeys(v)]));
}
