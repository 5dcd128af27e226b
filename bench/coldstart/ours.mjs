// Cold-start child: import isometrik-token (the bundle whose URL is argv[2]) and make the first
// token with createToken. Self-contained on purpose: nothing else is imported or warmed.
const t0 = performance.now();
const { createToken } = await import(process.argv[2]);
const token = createToken({
  apiKey: 'APIbench7c1f3a9e',
  apiSecret: 'sk_bench_9f8e7d6c5b4a39281706f5e4',
  roomId: 'daily-standup',
  participantName: 'alice',
  permissions: { canPublish: true, canSubscribe: true, canUpdateMetadata: true },
  expiresIn: '1h',
});
const t1 = performance.now();
if (token.split('.').length !== 3) throw new Error('no token');
console.log(`COLD ${JSON.stringify({ importAndFirstMs: t1 - t0, sinceStartMs: t1 })}`);
