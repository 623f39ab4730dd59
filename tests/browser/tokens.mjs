// HS256 JSON Web Tokens for the test suites, signed with node:crypto.
import { createHmac } from 'node:crypto';

/** An HS256 JWT for `user`, signed with `secret`, whose `exp` is `expiresIn` seconds away. */
export function hs256(user, secret, expiresIn = 60) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: user, iat: now, exp: now + expiresIn };
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}
