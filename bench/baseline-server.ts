import type { RequestListener } from 'node:http';
import type pg from 'pg';

// The yardstick: what a hand-written endpoint does for the `list` scenario with one SQL
// statement in which PostgreSQL builds the whole response. Its JSON must equal the gateway's
// answer to LIST_QUERY in scenarios.ts (the bench checks it), so the two do the same work.
// Global ids are base64url('Article:<id>') without padding, as src/schema/global-id.ts makes
// them; timestamps are ISO 8601 in UTC with milliseconds, as the DateTime scalar prints them.
// A plain `pool.query` of unprepared text, as a minimal endpoint would send it.
export const BASELINE_LIST_SQL = `
-- list baseline: the newest 20 published articles with source, people, organisations, topics
select json_build_object('data', json_build_object('articles', json_build_object('edges', coalesce((
  select json_agg(json_build_object('node', json_build_object(
      'id', translate(encode(convert_to('Article:' || a.id, 'UTF8'), 'base64'), '+/=', '-_'),
      'slug', a.slug,
      'title', a.title,
      'lead', a.lead,
      'publishedAt', to_char(a.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'source', (select json_build_object('name', s.name) from source s where s.id = a.source_id),
      'people', json_build_object('edges', (
        select coalesce(json_agg(json_build_object(
                 'role', upper(l.role),
                 'node', json_build_object('slug', p.slug, 'fullName', p.full_name))
               order by l.position, l.person_id), '[]'::json)
        from (select * from article_person where article_id = a.id order by position, person_id limit 10) l
        join person p on p.id = l.person_id)),
      'organisations', json_build_object('edges', (
        select coalesce(json_agg(json_build_object(
                 'role', upper(l.role),
                 'node', json_build_object('slug', o.slug, 'name', o.name))
               order by l.position, l.organisation_id), '[]'::json)
        from (select * from article_organisation where article_id = a.id order by position, organisation_id limit 10) l
        join organisation o on o.id = l.organisation_id)),
      'topics', json_build_object('edges', (
        select coalesce(json_agg(json_build_object(
                 'node', json_build_object('slug', t.slug, 'name', t.name))
               order by l.position, l.topic_id), '[]'::json)
        from (select * from article_topic where article_id = a.id order by position, topic_id limit 10) l
        join topic t on t.id = l.topic_id))
    )) order by a.listed_at desc, a.id desc)
  from (select id, slug, title, lead, published_at, listed_at, source_id
        from article where status = 'published'
        order by listed_at desc, id desc limit 20) a
), '[]'::json))))::text as body`;

/** The baseline's answer from memory: what a cache hit costs a hand-written server (`list-cached`). */
export const FROM_MEMORY_PATH = '/from-memory';

export interface BaselineServer {
  handler: RequestListener;
  statementCount(): number;
}

/**
 * Answers every request with the `list` response; the request body is read and ignored. On
 * FROM_MEMORY_PATH it sends the bytes of the first answer again, without a statement.
 */
export function createBaselineServer(pool: pg.Pool): BaselineServer {
  let statements = 0;
  let kept: Buffer | null = null;
  const answer = async () => {
    statements += 1;
    const { rows } = await pool.query<{ body: string }>(BASELINE_LIST_SQL);
    return rows[0]!.body;
  };
  const handler: RequestListener = (request, response) => {
    request.resume();
    request.once('end', async () => {
      try {
        const body = request.url === FROM_MEMORY_PATH ? (kept ??= Buffer.from(await answer())) : await answer();
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
      } catch (error) {
        response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      }
    });
  };
  return { handler, statementCount: () => statements };
}
