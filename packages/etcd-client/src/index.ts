export { EtcdClient, type EtcdClientOptions, type EtcdWatch, type WatchEvent, type WatchHandlers } from './client.js';
export * from './requests.js';
