import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import type { DatabaseHandle } from '../db/connect.js';
import type { ReadReplicas } from '../db/read-replicas.js';

// /readyz: 200 while the gateway can answer queries, 503 when it cannot. Without replicas that
// is whether the database answers (an empty body). With replicas, the JSON body says what each
// database is doing: the primary up or down (down: mutations fail, queries go on), each
// replica ok, lagging (skipped) or down (skipped); ready while any of them serves reads.

export function useReadiness(primary: DatabaseHandle, replicas: ReadReplicas | null): Plugin {
  return useReadinessCheck({
    endpoint: '/readyz',
    async check() {
      if (!replicas) return primary.isReachable();
      const [primaryUp] = await Promise.all([primary.isReachable(), replicas.check()]);
      const status = replicas.status();
      const ready = primaryUp || status.some((replica) => replica.health === 'ok');
      return Response.json({ ready, primary: primaryUp ? 'up' : 'down', replicas: status }, { status: ready ? 200 : 503 });
    },
  });
}
