// The fields of nodes and pods this benchmark reads (bench has no kubernetes-types).
import type { KubeObject } from '@kubeling/client';

interface Condition {
  type: string;
  status: string;
}

export interface NodeObject extends KubeObject {
  status?: { conditions?: Condition[] };
}

export interface PodObject extends KubeObject {
  status?: {
    phase?: string;
    conditions?: Condition[];
    containerStatuses?: Array<{ name: string; state?: { running?: object } }>;
  };
}

/** Whether the object has the condition `type` with status True (Ready of a node or of a pod). */
export const conditionTrue = (object: NodeObject | PodObject | undefined, type: string): boolean => object?.status?.conditions?.some((c) => c.type === type && c.status === 'True') === true;
