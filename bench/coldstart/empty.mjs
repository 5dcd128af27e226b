// Cold-start baseline: a process that does nothing (the runtime's own start and exit).
console.log(`COLD ${JSON.stringify({ importAndFirstMs: 0, sinceStartMs: performance.now() })}`);
