// How the gateway is started in production: `NODE_ENV=production node <PRODUCTION_NODE_FLAGS> dist/main.js`
// (`npm start` passes the same flags: tests/start-command.test.ts);
// the bench starts it the same way. V8 sizes its heap for the machine, not for the process: left
// alone, the old generation grows to several times what is alive, and under load the gateway's
// RSS moved from 250 to over 500 MB between runs. Bounding the old generation at 192 MB keeps the
// peak near 150 MB at the same CPU per request; a smaller young generation (--max-semi-space-size=8)
// lowered RSS as much but cost about a third more CPU per request in scavenges (npm run bench,
// alternated runs). The in-memory response cache (RESPONSE_CACHE_MAX_BYTES, 64 MB by default)
// lives in the old generation: raise --max-old-space-size with it.
export const PRODUCTION_NODE_FLAGS = ['--max-old-space-size=192'] as const;
