import type { Migration } from 'kysely';
import * as contentModel from './0001_content_model.js';
import * as search from './0002_search.js';
import * as editing from './0003_editing.js';
import * as linkListing from './0004_link_listing.js';
import * as searchQuality from './0005_search_quality.js';
import * as searchHead from './0006_search_head.js';
import * as relatedScores from './0007_related_scores.js';
import * as relatedStore from './0008_related_store.js';
import * as publishing from './0009_publishing.js';
import * as webhooks from './0010_webhooks.js';
import * as images from './0011_images.js';
import * as searchedNames from './0012_searched_names.js';
import * as articlePassages from './0013_article_passages.js';
import * as articleTerms from './0014_article_terms.js';

// Every migration, in order. Listed statically (not read from the folder) so that the same
// list runs under tsx, vitest and any bundler. A new migration adds one line here.
export const migrations: Record<string, Migration> = {
  '0001_content_model': contentModel,
  '0002_search': search,
  '0003_editing': editing,
  '0004_link_listing': linkListing,
  '0005_search_quality': searchQuality,
  '0006_search_head': searchHead,
  '0007_related_scores': relatedScores,
  '0008_related_store': relatedStore,
  '0009_publishing': publishing,
  '0010_webhooks': webhooks,
  '0011_images': images,
  '0012_searched_names': searchedNames,
  '0013_article_passages': articlePassages,
  '0014_article_terms': articleTerms,
};
