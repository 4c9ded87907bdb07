import test from 'ava';
import { ServiceAccountTokens } from './service-account-tokens.js';

test('tokens are reused until 80% of their lifetime, per pod and audience', async (t) => {
  let now = 0;
  const requests: string[] = [];
  const tokens = new ServiceAccountTokens(async (ns, sa, audience, exp, podName, uid) => {
    requests.push(`${ns}/${sa}/${audience}/${exp}/${podName}/${uid}`);
    return `token-${requests.length}`;
  }, () => now);
  const req = { namespace: 'ns', serviceAccountName: 'sa', audience: '', expirationSeconds: 100, podName: 'web', podUid: 'u1' };
  t.is(await tokens.get(req), 'token-1');
  now = 79_000;
  t.is(await tokens.get(req), 'token-1');
  t.is(await tokens.get({ ...req, audience: 'vault' }), 'token-2');
  now = 80_000;
  t.is(await tokens.get(req), 'token-3');
  tokens.forgetPod('u1');
  t.is(await tokens.get(req), 'token-4');
  t.deepEqual(requests, ['ns/sa//100/web/u1', 'ns/sa/vault/100/web/u1', 'ns/sa//100/web/u1', 'ns/sa//100/web/u1']);
});
