import { randomBytes } from 'node:crypto';
import { credentials } from '@grpc/grpc-js';
import { KVClient, type PutRequest, type RangeRequest } from '@kubeling/proto/etcd';
import { prefixEnd, putRequest, rangeRequest } from '@kubeling/testing';

/** The keys and requests every target gets: puts and ranges spread over a fixed set of keys. */
export interface Workload {
  puts: PutRequest[];
  ranges: RangeRequest[];
}

export function workload(prefix: string, keys: number, valueBytes: number): Workload {
  const value = randomBytes(valueBytes);
  const names = Array.from({ length: keys }, (_, i) => `${prefix}${String(i).padStart(6, '0')}`);
  return {
    puts: names.map((key) => putRequest({ key, value })),
    ranges: names.map((key) => rangeRequest({ key })),
  };
}

export const KV_PREFIX = '/bench/kv/';
export const WATCH_PREFIX = '/bench/watch/';
export const watchRange = { key: Buffer.from(WATCH_PREFIX), rangeEnd: prefixEnd(WATCH_PREFIX) };

export const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];

/**
 * `count` KV clients on their own HTTP/2 connections (grpc-js would otherwise share one
 * subchannel between clients of the same address and options).
 */
export function kvChannels(endpoint: string, count: number): KVClient[] {
  return Array.from({ length: count }, () => new KVClient(endpoint, credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 }));
}
