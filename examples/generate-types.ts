// `npm run examples:check` runs this first: the types of every field of the API, from the
// committed schema.graphql, for gql.tada (examples/graphql-env.d.ts, not committed). The
// type-check that follows fails when a schema change breaks what the example client asks for.
import { readFile, writeFile } from 'node:fs/promises';
import { minifyIntrospection, outputIntrospectionFile } from '@gql.tada/internal';
import { buildSchema, introspectionFromSchema } from 'graphql';

const sdl = await readFile(new URL('../schema.graphql', import.meta.url), 'utf8');
const introspection = minifyIntrospection(introspectionFromSchema(buildSchema(sdl)));
const output = outputIntrospectionFile(introspection, { fileType: '.d.ts', shouldPreprocess: true });
await writeFile(new URL('./graphql-env.d.ts', import.meta.url), output);
