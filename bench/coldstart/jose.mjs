// Cold-start child: import jose (its URL is argv[2]) and make the first token with SignJWT and a
// Uint8Array key, the same claims as ours.mjs.
const t0 = performance.now();
const { SignJWT } = await import(process.argv[2]);
const token = await new SignJWT({
  room: 'daily-standup',
  permissions: { canPublish: true, canSubscribe: true, canUpdateMetadata: true },
})
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
  .setIssuer('APIbench7c1f3a9e')
  .setSubject('alice')
  .setIssuedAt()
  .setNotBefore('0s')
  .setExpirationTime('1h')
  .sign(new TextEncoder().encode('sk_bench_9f8e7d6c5b4a39281706f5e4'));
const t1 = performance.now();
if (token.split('.').length !== 3) throw new Error('no token');
console.log(`COLD ${JSON.stringify({ importAndFirstMs: t1 - t0, sinceStartMs: t1 })}`);
