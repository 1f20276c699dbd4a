import { getOperationAST, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/connect.js';
import type { ReadReplicas } from '../db/read-replicas.js';
import type { Database } from '../db/types.js';
import { primaryWalPosition } from '../db/wal-position.js';
import { ANYONE, type ClientWritePositions } from './client-write-positions.js';
import { viewerOf } from './viewer.js';

// Which database an operation runs on when DATABASE_READ_URLS names replicas: a mutation, and
// everything its transaction and payload read, on the primary (the context's database); a
// query on a replica that is up, not too far behind, and has replayed the client's own last
// write. No such replica: the primary.

/** Marks a result read where the latest write is not visible yet: the response cache skips it. */
export const READ_BEFORE_LATEST_WRITE = Symbol('readBeforeLatestWrite');

export interface ReadRoutingOptions {
  primary: DatabaseHandle;
  replicas: ReadReplicas;
  positions: ClientWritePositions;
  /** The request's handle on a database, counting its statements. */
  dbFor(request: Request, database: DatabaseHandle): Kysely<Database>;
  logger: Logger;
}

export function useReadRouting({ primary, replicas, positions, dbFor, logger }: ReadRoutingOptions): Plugin {
  const rememberWrite = async (keyId: number | null) => {
    try {
      const position = await primaryWalPosition(primary.db);
      await Promise.all([positions.remember(ANYONE, position), keyId === null ? null : positions.remember(keyId, position)]);
    } catch (error) {
      // The primary went away after the mutation: it failed too, or its result said so.
      logger.warn({ err: error instanceof Error ? error.message : error }, 'read-your-writes: the write position could not be read');
    }
  };
  return {
    async onExecute({ args, extendContext }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (!request) return;
      const operation = getOperationAST(args.document, args.operationName)?.operation;
      const viewer = viewerOf(request);
      if (operation === 'mutation') {
        return { onExecuteDone: () => rememberWrite(viewer.kind === 'key' ? viewer.keyId : null) };
      }
      if (operation !== 'query') return;
      const [own, anyone] = await Promise.all([viewer.kind === 'key' ? positions.latest(viewer.keyId) : null, positions.latest(ANYONE)]);
      const replica = replicas.pick(own);
      if (!replica) return;
      // The context (src/context.ts) is typed by createGateway, not by its plugins.
      (extendContext as (extension: { db: Kysely<Database> }) => void)({ db: dbFor(request, replica.handle) });
      if (anyone === null || replica.replayed >= anyone) return;
      return {
        onExecuteDone({ result }) {
          (result as ExecutionResult & { [READ_BEFORE_LATEST_WRITE]?: true })[READ_BEFORE_LATEST_WRITE] = true;
        },
      };
    },
  };
}
