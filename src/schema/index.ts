import { builder } from './builder.js';
// Layout: one file per entity (article.ts, source.ts...) holds its object's fields, its
// connections, root fields and mutations. What entities link to in each other (the node refs
// and the connection types between them) is declared in refs.ts, and the lists several entities
// show (an entity's articles, affiliations) load from link-loads.ts: entity files import those,
// never each other, so no import cycle can form (`npm run check:cycles` keeps it so). Moving the
// cross-entity fields to one side instead would split an entity over several files.
import './article.js';
import './article-revision.js';
import './source.js';
import './person.js';
import './organisation.js';
import './project.js';
import './topic.js';
import './image.js';
import './search.js';
import './search-synonym.js';
import './related.js';
import './json-ld.js';
import './route.js';
import './audit-log.js';
import './api-key.js';
import './webhook.js';

export const schema = builder.toSchema({ sortSchema: true });
