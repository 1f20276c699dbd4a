import type { Kysely } from 'kysely';
import type { Database } from '../src/db/types.js';
import { findArticleBySlug } from '../src/repositories/article.js';
import { rankPublicRelatedArticlePages } from '../src/repositories/related-store.js';
import { judgements, type Judgement } from './related-judgements.js';

// Scores Article.related (as a reader sees it) against the judged set: precision@3 and nDCG@5.

export interface OriginScore {
  origin: string;
  picked: string[];
  precisionAt3: number;
  ndcgAt5: number;
  /** Judged `best` articles missing from the first 3. */
  missed: string[];
}

export interface Evaluation {
  precisionAt3: number;
  ndcgAt5: number;
  origins: OriginScore[];
}

const gainOf = (judgement: Judgement, slug: string) => (judgement.best.includes(slug) ? 2 : judgement.fine.includes(slug) ? 1 : 0);
const dcg = (gains: number[]) => gains.reduce((sum, gain, rank) => sum + gain / Math.log2(rank + 2), 0);

/**
 * Precision@3 counts judged picks (best or fine) among the first 3, out of 3 (or out of the
 * judged picks when fewer than 3 exist); nDCG@5 weighs best 2 and fine 1.
 */
export function scoreOrigin(origin: string, picked: string[], judgement: Judgement): OriginScore {
  const judged = judgement.best.length + judgement.fine.length;
  const top3 = picked.slice(0, 3);
  const hits = top3.filter((slug) => gainOf(judgement, slug) > 0).length;
  const ideal = [...judgement.best.map(() => 2), ...judgement.fine.map(() => 1)].slice(0, 5);
  return {
    origin,
    picked,
    precisionAt3: hits / Math.min(3, judged),
    ndcgAt5: dcg(picked.slice(0, 5).map((slug) => gainOf(judgement, slug))) / dcg(ideal),
    missed: judgement.best.filter((slug) => !top3.includes(slug)),
  };
}

export async function evaluateRelated(db: Kysely<Database>): Promise<Evaluation> {
  const origins = Object.keys(judgements);
  const ids = await Promise.all(
    origins.map(async (origin) => {
      const article = await findArticleBySlug(db, origin, 'reader');
      if (!article) throw new Error(`The judged article ${origin} is not in the database`);
      return article.id;
    }),
  );
  // what readers see: the ranking Article.related stores
  const pages = await rankPublicRelatedArticlePages(db, ids, 5);
  const scores = origins.map((origin, index) => {
    const picked = (pages.get(ids[index]!) ?? []).map((related) => related.article.slug);
    return scoreOrigin(origin, picked, judgements[origin]!);
  });
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    precisionAt3: mean(scores.map((score) => score.precisionAt3)),
    ndcgAt5: mean(scores.map((score) => score.ndcgAt5)),
    origins: scores,
  };
}
