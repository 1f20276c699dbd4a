import { z } from 'zod';
import { boundedText, countryCode, currencyCode, day, decimalAmount, label, languageTag, webUrl } from './fields.js';

// Each entity's own fields, as both ways in take them: the import file (content/content-file.ts)
// and the editors' mutations (src/schema/). One set of rules, so that both accept the same.
// What differs between the two is added by each: slugs (given or made), links (slugs in a
// file, global ids in the API), defaults, and whole-record checks.

export const sourceRules = {
  name: label(300),
  kind: z.enum(['press', 'agency', 'public_body', 'company', 'blog', 'other']),
  homepageUrl: webUrl.nullish(),
  feedUrl: webUrl.nullish(),
  country: countryCode.nullish(),
  language: languageTag.nullish(),
};

export const organisationRules = {
  name: label(300),
  kind: z.enum(['company', 'public_body', 'local_authority', 'media', 'school', 'association', 'other']),
  websiteUrl: webUrl.nullish(),
  description: boundedText(2_000).nullish(),
  country: countryCode.nullish(),
};

export const personRules = {
  fullName: label(300),
  description: boundedText(2_000).nullish(),
};

/** A person's position in an organisation (the organisation itself is a link). */
export const affiliationRules = {
  title: label(300).nullish(),
  startedOn: day.nullish(),
  endedOn: day.nullish(),
};

/** The part an organisation plays in a project. */
export const projectRole = z.enum(['owner', 'investor', 'partner', 'client', 'host']);

export const projectRules = {
  name: label(300),
  summary: boundedText(5_000).nullish(),
  // Left out on creation: the database's default (announced, not a showcase).
  status: z.enum(['announced', 'in_progress', 'completed', 'cancelled']).optional(),
  budget: z.object({ amount: decimalAmount, currency: currencyCode }).nullish(),
  location: z.object({ name: label(300).nullish(), country: countryCode.nullish() }).nullish(),
  startedOn: day.nullish(),
  endedOn: day.nullish(),
  showcase: z.boolean().optional(),
};

export const topicRules = {
  name: label(200),
};

/** The part a person, organisation or project plays in an article. */
export const articleLinkRole = z.enum(['author', 'subject', 'quoted', 'mentioned']);

/** An article's own text and kind (its source is a link, its status changes by itself). */
export const articleRules = {
  kind: z.enum(['news', 'expert']),
  title: label(500),
  lead: boundedText(2_000).nullish(),
  body: boundedText(200_000).nullish(),
  language: languageTag,
  originalUrl: webUrl.nullish(),
};
