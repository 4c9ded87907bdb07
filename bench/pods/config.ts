// Names and sizes of the pods benchmark: its own cluster label, Docker network and subnet, so
// it collides with no test running beside it, and everything it makes can be found again.
import { BUSYBOX_IMAGE, PAUSE_IMAGE } from '../../packages/images/src/index.js';

const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

export const PODS = num('BENCH_PODS', 30);
export const IDLE_SECONDS = num('BENCH_IDLE_SECONDS', 30);

/** The dockershim's cluster label (io.kubeling.cluster) on what the kubelet makes. */
export const CLUSTER = `bench-pods-${process.pid}`;
export const NETWORK = `kubeling-${CLUSTER}`;
export const CLUSTER_CIDR = '10.230.0.0/16';
/** The kubelet's pods; the bare-Docker pods take 10.230.2.x on the same network. */
export const POD_CIDR = '10.230.1.0/24';
export const BARE_IP_PREFIX = '10.230.2';
export const NODE = 'bench-pods-node';

/** On the bare-Docker containers instead of the cluster label, so the kubelet never sees them as its own. */
export const BENCH_LABEL = 'io.kubeling.bench';

export const PAUSE = PAUSE_IMAGE.name;
export const BUSYBOX = BUSYBOX_IMAGE.name;
export const SLEEP = ['sleep', '3600'];
