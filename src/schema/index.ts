import { builder } from './builder.js';
import './article.js';
import './source.js';
import './person.js';
import './organisation.js';
import './project.js';
import './topic.js';
import './search.js';
import './related.js';
import './json-ld.js';
import './audit-log.js';
import './api-key.js';

export const schema = builder.toSchema({ sortSchema: true });
