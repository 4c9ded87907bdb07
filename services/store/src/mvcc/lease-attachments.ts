/** How a write tells the lessor which keys a lease holds (etcd's lessor.Attach/Detach). */
export interface LeaseAttachments {
  attach(lease: bigint, key: string): void;
  detach(lease: bigint, key: string): void;
}
