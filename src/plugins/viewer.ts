import type { Plugin } from 'graphql-yoga';
import { anonymous, type Viewer } from '../auth/viewer.js';
import type { RateGate } from './rate-limit.js';
import { requestState } from './request-state.js';

// Who sends the request, settled before anything that depends on it: the rate limit, the
// anonymous allow-list, the response cache (whose lookup comes before execution). A wrong key
// is refused (401) after counting against the client's IP, so guessing keys is rate limited too.

export function useViewer({
  authenticate,
  gate,
}: {
  authenticate: (request: Request) => Promise<Viewer>;
  gate: RateGate | null;
}): Plugin {
  // One authentication per HTTP request, even when it carries a batch of operations.
  const authenticated = new WeakMap<Request, Promise<Viewer>>();
  return {
    async onParams({ request }) {
      const state = requestState(request);
      let viewer = authenticated.get(request);
      if (!viewer) {
        viewer = authenticate(request);
        authenticated.set(request, viewer);
      }
      try {
        state.viewer = await viewer;
      } catch (error) {
        await gate?.admit(state, anonymous);
        throw error;
      }
      await gate?.admit(state, state.viewer);
    },
  };
}

/** The viewer the request was authenticated as (anonymous before authentication). */
export function viewerOf(request: Request): Viewer {
  return requestState(request).viewer ?? anonymous;
}
