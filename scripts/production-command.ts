// How the gateway is started in production: `NODE_ENV=production node <PRODUCTION_NODE_FLAGS> dist/main.js`;
// the bench starts it the same way. V8 sizes its heap for the machine, not for the process: the
// young generation grows to 3 × 16 MB and the old one to several times what is alive, and under
// load the gateway's RSS moved from 250 to over 500 MB between runs. A young generation of 3 × 8 MB
// and an old one bounded at 192 MB keep it near its working set (npm run bench). The in-memory
// response cache (RESPONSE_CACHE_MAX_BYTES, 64 MB by default) lives in the old generation: raise
// --max-old-space-size with it.
export const PRODUCTION_NODE_FLAGS = ['--max-semi-space-size=8', '--max-old-space-size=192'] as const;
