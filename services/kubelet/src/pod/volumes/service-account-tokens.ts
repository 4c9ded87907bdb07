// Service account tokens for projected volumes, kept until 80% of their lifetime has passed and
// then requested anew (the kubelet's token manager), so periodic refreshes do not ask the API
// for a token each time.

/** Asks the API for a token bound to the pod (TokenRequest on the service account). */
export type RequestToken = (namespace: string, serviceAccountName: string, audience: string, expirationSeconds: number, podName: string, podUid: string) => Promise<string>;

export interface TokenRequest {
  namespace: string;
  serviceAccountName: string;
  audience: string;
  expirationSeconds: number;
  podName: string;
  podUid: string;
}

interface CachedToken {
  token: string;
  refreshAtMs: number;
  podUid: string;
}

/** The share of a token's lifetime after which it is renewed. */
const REFRESH_AFTER = 0.8;

export class ServiceAccountTokens {
  private readonly tokens = new Map<string, CachedToken>();

  constructor(
    private readonly request: RequestToken,
    private readonly now: () => number = Date.now,
  ) {}

  async get(req: TokenRequest): Promise<string> {
    const key = JSON.stringify([req.namespace, req.serviceAccountName, req.audience, req.expirationSeconds, req.podUid]);
    const cached = this.tokens.get(key);
    if (cached !== undefined && this.now() < cached.refreshAtMs) return cached.token;
    const token = await this.request(req.namespace, req.serviceAccountName, req.audience, req.expirationSeconds, req.podName, req.podUid);
    this.tokens.set(key, { token, refreshAtMs: this.now() + req.expirationSeconds * 1000 * REFRESH_AFTER, podUid: req.podUid });
    return token;
  }

  /** Forgets the tokens of a pod that is gone. */
  forgetPod(podUid: string): void {
    for (const [key, cached] of this.tokens) if (cached.podUid === podUid) this.tokens.delete(key);
  }
}
