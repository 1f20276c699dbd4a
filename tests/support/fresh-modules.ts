import { vi } from 'vitest';

// Test files share their worker process (vitest.config.ts: isolate false), so that packages
// (graphql, Pothos, Yoga, PGlite...) load once per worker rather than once per file. The
// gateway's own modules are evaluated anew for each file all the same: they hold process-wide
// state (the clock, the names of prepared statements and their bound, data-folder locks) that
// must start as a process starts, whatever file ran before.
vi.resetModules();
