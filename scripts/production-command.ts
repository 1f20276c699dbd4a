// How the gateway is started in production: `NODE_ENV=production node <PRODUCTION_NODE_FLAGS> dist/main.js`
// (`npm start` passes the same flags: tests/start-command.test.ts);
// the bench starts it the same way. V8 sizes its heap for the machine, not for the process: left
// alone, the old generation grows to several times what is alive, and under load the gateway's
// RSS moved from 250 to over 500 MB between runs. Bounding the old generation at 192 MB keeps the
// peak near 150 MB at the same CPU per request. A smaller young generation (--max-semi-space-size=8)
// lowered RSS as much but cost about a third more CPU per request in scavenges; a larger one
// (32 MB semi-spaces) scavenges half as often: 0-20 % less CPU per request on the bench's pages
// (about 10 % in the median of four alternated pairs of npm run bench), for a peak near 200 MB
// (64 MB: no less CPU than 32, a peak near 250 MB). The in-memory response cache
// (RESPONSE_CACHE_MAX_BYTES, 64 MB by default) lives in the old generation: raise
// --max-old-space-size with it.
export const PRODUCTION_NODE_FLAGS = ['--max-old-space-size=192', '--max-semi-space-size=32'] as const;
