// `output: 'standalone'` only shapes the deploy (.next/standalone/server.js with the files it
// needs); nothing here is about isometrik-token, which needs no config.
export default { output: 'standalone' };
