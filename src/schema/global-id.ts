import type { GraphQLResolveInfo } from 'graphql';
import { ErrorCode, clientError } from '../errors.js';

// Global ids are base64url("Type:123"): opaque to clients, unique across types.

export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${id}`).toString('base64url');
}

export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  const match = /^([A-Za-z]+):([1-9][0-9]{0,9})$/.exec(Buffer.from(globalId, 'base64url').toString('utf8'));
  if (!match) throw clientError(ErrorCode.invalidId, `"${globalId.slice(0, 100)}" is not a valid id.`);
  return { typename: match[1]!, id: match[2]! };
}

/** The row id inside a global id, which must name an object of `typename`. */
export function rowIdOf(globalId: { typename: string; id: string }, typename: string): number {
  if (globalId.typename !== typename) {
    throw clientError(ErrorCode.invalidId, `Expected the id of a ${typename}, got the id of a ${globalId.typename}.`);
  }
  return Number(globalId.id);
}

/** Parses the numeric id inside a global id; ids are 32-bit identity columns. */
export function parseRowId(id: string): number {
  const value = Number(id);
  if (!Number.isSafeInteger(value) || value < 1 || value > 2_147_483_647) {
    throw clientError(ErrorCode.invalidId, `"${id}" is not a valid id.`);
  }
  return value;
}

/** Refuses a global id whose type is not an object type with a global id (a Node). */
export function checkNodeType<Id extends { typename: string }>(globalId: Id, info: GraphQLResolveInfo): Id {
  const type = info.schema.getType(globalId.typename);
  const isNode = type && 'getInterfaces' in type && type.getInterfaces().some((face) => face.name === 'Node');
  if (!isNode) throw clientError(ErrorCode.invalidId, `"${globalId.typename}" is not a type of this API.`);
  return globalId;
}
