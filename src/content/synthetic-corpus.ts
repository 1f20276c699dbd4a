import type {
  ArticleKind,
  ArticlePersonRole,
  ArticleProjectRole,
  ArticleStatus,
  OrganisationKind,
  ProjectOrganisationRole,
  ProjectStatus,
  SourceKind,
} from '../db/types.js';
import { slugify } from '../validation/fields.js';
import * as words from './synthetic-words.js';

// A deterministic synthetic corpus for benchmarks and tests: the same options give the same rows,
// byte for byte (a seeded PRNG, dates counted from a fixed epoch, never the clock). Pure: no
// database here; synthetic.ts loads it. Rows refer to each other by index in their arrays.

export interface SyntheticSizes {
  articles: number;
  sources: number;
  people: number;
  organisations: number;
  projects: number;
  topics: number;
}

export interface SyntheticOptions extends Partial<SyntheticSizes> {
  articles: number;
  seed?: number;
}

export const defaultSyntheticSeed = 42;

/** Every synthetic slug starts with this, so it never collides with real content. */
export const syntheticSlugPrefix = 'synth-';

const epoch = Date.UTC(2022, 0, 1);
const dayMs = 86_400_000;
const spanMs = 3 * 365 * dayMs;

/** The figures of the 20 000-article benchmark corpus; other sizes scale from them. */
const per20000Articles = { sources: 200, people: 5000, organisations: 2000, projects: 1000, topics: 300 };
const smallest = { sources: 2, people: 5, organisations: 3, projects: 2, topics: 10 };

export function syntheticSizes(options: SyntheticOptions): SyntheticSizes {
  const scaled = (kind: keyof typeof per20000Articles) =>
    options[kind] ?? Math.max(smallest[kind], Math.round((options.articles * per20000Articles[kind]) / 20000));
  return {
    articles: options.articles,
    sources: scaled('sources'),
    people: scaled('people'),
    organisations: scaled('organisations'),
    projects: scaled('projects'),
    topics: scaled('topics'),
  };
}

export interface SyntheticSource {
  slug: string;
  name: string;
  kind: SourceKind;
  homepage_url: string;
  feed_url: string | null;
  country: string;
  language: string;
  created_at: string;
  updated_at: string;
}

export interface SyntheticOrganisation {
  slug: string;
  name: string;
  kind: OrganisationKind;
  website_url: string | null;
  description: string;
  country: string;
  created_at: string;
  updated_at: string;
}

export interface SyntheticPerson {
  slug: string;
  full_name: string;
  description: string;
  created_at: string;
  updated_at: string;
}

export interface SyntheticProject {
  slug: string;
  name: string;
  summary: string;
  status: ProjectStatus;
  budget_amount: string | null;
  budget_currency: string | null;
  location_name: string;
  location_country: string;
  started_on: string | null;
  ended_on: string | null;
  showcase: boolean;
  created_at: string;
  updated_at: string;
}

export interface SyntheticTopic {
  slug: string;
  name: string;
  created_at: string;
}

export interface SyntheticArticle {
  slug: string;
  kind: ArticleKind;
  title: string;
  lead: string;
  body: string;
  language: string;
  status: ArticleStatus;
  published_at: string | null;
  created_at: string;
  updated_at: string;
  /** Index in `sources`; null for the site's own (expert) articles. */
  source: number | null;
  original_url: string | null;
}

export interface SyntheticAffiliation {
  person: number;
  organisation: number;
  title: string;
  started_on: string;
  ended_on: string | null;
}

/** A link row by indices: `from` in the owner's array, `to` in the target's. */
export interface SyntheticLink<Role extends string | null = string> {
  from: number;
  to: number;
  role: Role;
  position: number;
}

export interface SyntheticCorpus {
  sizes: SyntheticSizes;
  sources: SyntheticSource[];
  organisations: SyntheticOrganisation[];
  people: SyntheticPerson[];
  affiliations: SyntheticAffiliation[];
  projects: SyntheticProject[];
  projectOrganisations: Array<SyntheticLink<ProjectOrganisationRole>>;
  topics: SyntheticTopic[];
  articles: SyntheticArticle[];
  articlePeople: Array<SyntheticLink<ArticlePersonRole>>;
  articleOrganisations: Array<SyntheticLink<ArticlePersonRole>>;
  articleProjects: Array<SyntheticLink<ArticleProjectRole>>;
  articleTopics: Array<SyntheticLink<null>>;
  articleRelated: Array<SyntheticLink<null>>;
}

/** mulberry32: small, fast, and the same sequence on every platform for a given seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Dice {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** An index in [0, size) favouring low indices: a few entities become popular, as in real news. */
  popular(size: number): number {
    return Math.floor(size * this.next() ** 2.5);
  }
  /** Up to `count` distinct popular indices in [0, size). */
  popularDistinct(size: number, count: number): number[] {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, size)) chosen.add(this.popular(size));
    return [...chosen];
  }
  /** A count drawn from weights, where weights[n] is the relative chance of n. */
  count(weights: readonly number[]): number {
    let roll = this.next() * weights.reduce((sum, weight) => sum + weight, 0);
    for (const [count, weight] of weights.entries()) {
      roll -= weight;
      if (roll < 0) return count;
    }
    return weights.length - 1;
  }
  /** A time within the corpus's three years. */
  instant(): number {
    return epoch + Math.floor(this.next() * (spanMs / 1000)) * 1000;
  }
}

// About 3 people, 2 organisations, 1 project and 3 topics an article.
const peoplePerArticle = [8, 15, 20, 22, 15, 10, 10];
const organisationsPerArticle = [10, 25, 30, 20, 15];
const projectsPerArticle = [30, 45, 20, 5];
const topicsPerArticle = [0, 20, 25, 25, 20, 10];

function syntheticSlug(name: string, index: number, maxWords = 8): string {
  return `${syntheticSlugPrefix}${slugify(name).split('-').slice(0, maxWords).join('-')}-${index + 1}`;
}

/** "de Rennes", "d’Amiens": French elides "de" before a vowel. */
function ofPlace(town: string): string {
  return /^[AEIOUÉ]/.test(town) ? `d’${town}` : `de ${town}`;
}

const isoInstant = (ms: number) => new Date(ms).toISOString();
const isoDay = (ms: number) => isoInstant(ms).slice(0, 10);

export function generateSyntheticCorpus(options: SyntheticOptions): SyntheticCorpus {
  const sizes = syntheticSizes(options);
  const dice = new Dice(options.seed ?? defaultSyntheticSeed);
  const entityDates = () => {
    const at = isoInstant(epoch - dice.int(30, 900) * dayMs);
    return { created_at: at, updated_at: at };
  };

  const sources = Array.from({ length: sizes.sources }, (_, index): SyntheticSource => {
    const town = dice.pick(words.towns);
    const stem = dice.pick(words.brandStems);
    const [name, kind] = dice.pick<[string, SourceKind]>([
      [`Le Courrier ${ofPlace(town)}`, 'press'],
      [`L’Écho ${ofPlace(town)}`, 'press'],
      [`La Voix ${ofPlace(town)}`, 'press'],
      [`Agence ${stem} Presse`, 'agency'],
      [`${stem} Infos`, 'blog'],
      [`Préfecture ${ofPlace(town)}`, 'public_body'],
    ]);
    const slug = syntheticSlug(name, index);
    const homepage = `https://${slug}.example/`;
    return {
      slug,
      name,
      kind,
      homepage_url: homepage,
      feed_url: dice.chance(0.7) ? `${homepage}rss.xml` : null,
      country: 'FR',
      language: 'fr',
      ...entityDates(),
    };
  });

  const organisations = Array.from({ length: sizes.organisations }, (_, index): SyntheticOrganisation => {
    const town = dice.pick(words.towns);
    const stem = dice.pick(words.brandStems);
    const trade = dice.pick(words.brandTrades);
    const theme = dice.pick(words.topicThemes);
    const [name, kind] = dice.pick<[string, OrganisationKind]>([
      [`${stem} ${trade}`, 'company'],
      [`Groupe ${stem}`, 'company'],
      [`${stem} ${trade} ${town}`, 'company'],
      [`Ville ${ofPlace(town)}`, 'local_authority'],
      [`Métropole ${ofPlace(town)}`, 'local_authority'],
      [`Agence de développement ${ofPlace(town)}`, 'public_body'],
      [`Université ${ofPlace(town)}`, 'school'],
      [`Lycée ${stem} ${ofPlace(town)}`, 'school'],
      [`Association ${stem} ${town}`, 'association'],
      [`Radio ${stem}`, 'media'],
    ]);
    const slug = syntheticSlug(name, index);
    return {
      slug,
      name,
      kind,
      website_url: kind === 'company' ? `https://${slug}.example/` : null,
      description: `${name}, à ${town}, travaille dans le domaine « ${theme} ».`,
      country: dice.chance(0.9) ? 'FR' : dice.pick(['BE', 'CH', 'DE', 'ES']),
      ...entityDates(),
    };
  });

  const people = Array.from({ length: sizes.people }, (_, index): SyntheticPerson => {
    const fullName = `${dice.pick(words.firstNames)} ${dice.pick(words.surnameStarts)}${dice.pick(words.surnameEnds)}`;
    return {
      slug: syntheticSlug(fullName, index),
      full_name: fullName,
      description: `Personne fictive, ${dice.pick(words.jobTitles).toLowerCase()} à ${dice.pick(words.towns)}.`,
      ...entityDates(),
    };
  });

  const affiliations: SyntheticAffiliation[] = [];
  people.forEach((_, person) => {
    const count = dice.count([30, 55, 15]);
    for (const organisation of dice.popularDistinct(sizes.organisations, count)) {
      const started = epoch - dice.int(0, 3650) * dayMs;
      affiliations.push({
        person,
        organisation,
        title: dice.pick(words.jobTitles),
        started_on: isoDay(started),
        ended_on: dice.chance(0.25) ? isoDay(started + dice.int(180, 2000) * dayMs) : null,
      });
    }
  });

  const projects = Array.from({ length: sizes.projects }, (_, index): SyntheticProject => {
    const town = dice.pick(words.towns);
    const name = `${dice.pick(words.projectKinds)} ${ofPlace(town)}`;
    const status = dice.pick<ProjectStatus>([
      'announced',
      'announced',
      'in_progress',
      'in_progress',
      'completed',
      'cancelled',
    ]);
    const started = status === 'announced' ? null : epoch - dice.int(0, 1500) * dayMs;
    const budgeted = dice.chance(0.9);
    const cents = dice.chance(0.2) ? `.${String(dice.int(0, 99)).padStart(2, '0')}` : '';
    return {
      slug: syntheticSlug(name, index),
      name,
      summary: `Projet pour ${dice.pick(words.goals)} à ${town}, ${dice.pick(words.complements)}.`,
      status,
      budget_amount: budgeted ? `${dice.int(50, 500_000) * 1000}${cents}` : null,
      budget_currency: budgeted
        ? dice.pick(['EUR', 'EUR', 'EUR', 'EUR', 'EUR', 'EUR', 'EUR', 'EUR', 'CHF', 'USD'])
        : null,
      location_name: town,
      location_country: 'FR',
      started_on: started === null ? null : isoDay(started),
      ended_on: started !== null && status === 'completed' ? isoDay(started + dice.int(100, 900) * dayMs) : null,
      showcase: dice.chance(0.03),
      ...entityDates(),
    };
  });

  const projectRoles: ProjectOrganisationRole[] = ['owner', 'investor', 'partner', 'client', 'host'];
  const projectOrganisations: Array<SyntheticLink<ProjectOrganisationRole>> = [];
  projects.forEach((_, project) => {
    dice.popularDistinct(sizes.organisations, dice.int(1, 3)).forEach((organisation, position) => {
      projectOrganisations.push({
        from: project,
        to: organisation,
        role: position === 0 ? 'owner' : dice.pick(projectRoles.slice(1)),
        position,
      });
    });
  });

  const topics = Array.from({ length: sizes.topics }, (_, index): SyntheticTopic => {
    const theme = words.topicThemes[index % words.topicThemes.length] as string;
    const round = Math.floor(index / words.topicThemes.length);
    const angle = words.topicAngles[round % words.topicAngles.length] as string;
    const name = [theme, angle, round >= words.topicAngles.length ? String(round) : ''].filter(Boolean).join(' ');
    return { slug: syntheticSlug(name, index), name, created_at: isoInstant(epoch) };
  });

  const articles: SyntheticArticle[] = [];
  const articlePeople: Array<SyntheticLink<ArticlePersonRole>> = [];
  const articleOrganisations: Array<SyntheticLink<ArticlePersonRole>> = [];
  const articleProjects: Array<SyntheticLink<ArticleProjectRole>> = [];
  const articleTopics: Array<SyntheticLink<null>> = [];
  const articleRelated: Array<SyntheticLink<null>> = [];

  for (let index = 0; index < sizes.articles; index += 1) {
    const kind: ArticleKind = dice.chance(0.6) ? 'news' : 'expert';
    const roll = dice.int(1, 100);
    const status: ArticleStatus = roll <= 5 ? 'draft' : roll <= 7 ? 'archived' : 'published';

    const personIndexes = dice.popularDistinct(sizes.people, dice.count(peoplePerArticle));
    const organisationIndexes = dice.popularDistinct(sizes.organisations, dice.count(organisationsPerArticle));
    const projectIndexes = dice.popularDistinct(sizes.projects, dice.count(projectsPerArticle));
    const topicIndexes = dice.popularDistinct(sizes.topics, dice.count(topicsPerArticle));

    personIndexes.forEach((person, position) => {
      const role: ArticlePersonRole =
        kind === 'expert' && position === 0 ? 'author' : dice.pick(['subject', 'quoted', 'quoted', 'mentioned']);
      articlePeople.push({ from: index, to: person, role, position });
    });
    organisationIndexes.forEach((organisation, position) => {
      articleOrganisations.push({
        from: index,
        to: organisation,
        role: dice.pick(['subject', 'mentioned', 'mentioned']),
        position,
      });
    });
    projectIndexes.forEach((project, position) => {
      articleProjects.push({ from: index, to: project, role: position === 0 ? 'subject' : 'mentioned', position });
    });
    topicIndexes.forEach((topic, position) => articleTopics.push({ from: index, to: topic, role: null, position }));
    if (index >= 10 && dice.chance(0.03)) {
      const pins = new Set<number>();
      const wanted = dice.int(1, 3);
      while (pins.size < wanted) pins.add(dice.int(0, index - 1));
      [...pins].forEach((related, position) => articleRelated.push({ from: index, to: related, role: null, position }));
    }

    const text = writeArticleText(dice, {
      people: personIndexes.map((person) => (people[person] as SyntheticPerson).full_name),
      organisations: organisationIndexes.map(
        (organisation) => (organisations[organisation] as SyntheticOrganisation).name,
      ),
      projects: projectIndexes.map((project) => (projects[project] as SyntheticProject).name),
      topics: topicIndexes.map((topic) => (topics[topic] as SyntheticTopic).name),
    });

    const published = dice.instant();
    const created = published - dice.int(0, 3 * 24 * 60) * 60_000;
    const updated = dice.chance(0.25) ? published + dice.int(1, 30 * 24 * 60) * 60_000 : published;
    const source = kind === 'news' ? dice.popular(sizes.sources) : null;
    const slug = syntheticSlug(text.title, index);
    articles.push({
      slug,
      kind,
      title: text.title,
      lead: text.lead,
      body: text.body,
      language: 'fr',
      status,
      published_at: status === 'draft' ? null : isoInstant(published),
      created_at: isoInstant(created),
      updated_at: isoInstant(status === 'draft' ? created : updated),
      source,
      original_url:
        source === null
          ? null
          : `${(sources[source] as SyntheticSource).homepage_url}${isoDay(published).slice(0, 4)}/${slug}`,
    });
  }

  return {
    sizes,
    sources,
    organisations,
    people,
    affiliations,
    projects,
    projectOrganisations,
    topics,
    articles,
    articlePeople,
    articleOrganisations,
    articleProjects,
    articleTopics,
    articleRelated,
  };
}

interface ArticleCast {
  people: string[];
  organisations: string[];
  projects: string[];
  topics: string[];
}

/** Title, lead and body in French, naming the article's people, organisations, projects and topics. */
function writeArticleText(dice: Dice, cast: ArticleCast): { title: string; lead: string; body: string } {
  const town = dice.pick(words.towns);
  const actor = cast.organisations[0] ?? cast.people[0] ?? `La ville ${ofPlace(town)}`;
  const topic = cast.topics[0] ?? dice.pick(words.topicThemes);
  const object = dice.pick(words.objects);
  const title = dice.pick([
    `${actor} ${dice.pick(words.verbs)} ${object} à ${town}`,
    `${topic} : ${actor} ${dice.pick(words.verbs)} ${object}`,
    `À ${town}, ${object} pour ${dice.pick(words.goals)}`,
    `${cast.people[0] ?? actor} : « ${dice.pick(words.quotes)} »`,
  ]);
  const lead = `${actor} ${dice.pick(words.verbs)} ${object} ${dice.pick(words.complements)}, pour ${dice.pick(words.goals)}.`;

  const sentence = (): string =>
    dice.pick([
      () =>
        `${dice.pick([actor, ...cast.organisations])} ${dice.pick(words.verbs)} ${dice.pick(words.objects)} ${dice.pick(words.complements)}.`,
      () => `« ${dice.pick(words.quotes)} », explique ${dice.pick(cast.people.length > 0 ? cast.people : [actor])}.`,
      () => `Le projet, estimé à ${dice.int(2, 900)} millions d’euros, doit ${dice.pick(words.goals)}.`,
      () =>
        `Les élus ${ofPlace(town)} saluent l’initiative, tandis que des habitants s’inquiètent de ${dice.pick(words.concerns)}.`,
      () =>
        `${dice.pick(cast.projects.length > 0 ? cast.projects : [topic])} illustre les enjeux du thème « ${dice.pick(cast.topics.length > 0 ? cast.topics : [topic])} ».`,
      () =>
        `Selon ${dice.pick([actor, ...cast.people])}, il faudra ${dice.pick(words.goals)} ${dice.pick(words.complements)}.`,
    ])();
  const paragraphs = Array.from({ length: dice.int(3, 5) }, () =>
    Array.from({ length: dice.int(2, 4) }, sentence).join(' '),
  );
  return { title, lead, body: paragraphs.join('\n\n') };
}
