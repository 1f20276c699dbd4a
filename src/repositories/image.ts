import { sql, type Kysely } from 'kysely';
import type { Database, Image, ImageUpdate, NewImage } from '../db/types.js';
import { image, readColumns, type RowOf } from '../model/entities.js';
import { articleImage, projectImage } from '../model/links.js';
import type { KeysetPage, PageOf } from './keyset.js';
import {
  countRows,
  deleteRow,
  findRowBySlug,
  findRowPage,
  findRowsByIds,
  insertRow,
  nameOrder,
  updateVersioned,
} from './entity-table.js';
import { countLinkedByParentIds, findLinkedPages } from './linked-page.js';

const imageColumns = readColumns(image);

/** An image as reads and writes return it: the columns the API shows. */
export type ImageRow = RowOf<typeof image, Image>;

/** An image in a gallery: the image, with the caption of this use. */
export type GalleryImageRow = ImageRow & { edge_caption: string | null };

// Images have no name: editors find them by slug.
const imagesBySlug = nameOrder('image', 'slug');

export const findImagesByIds = (db: Kysely<Database>, ids: readonly number[]) => findRowsByIds<ImageRow>(db, 'image', imageColumns, ids);

export const findImageBySlug = (db: Kysely<Database>, slug: string) => findRowBySlug<ImageRow>(db, 'image', imageColumns, slug);

export const findImages = (db: Kysely<Database>, page: KeysetPage): Promise<PageOf<ImageRow>> =>
  findRowPage<ImageRow>(db, 'image', imageColumns, imagesBySlug, page);

export const countImages = (db: Kysely<Database>) => countRows(db, 'image');

export const insertImage = (db: Kysely<Database>, values: NewImage) => insertRow<ImageRow>(db, 'image', imageColumns, values);

export const updateImage = (db: Kysely<Database>, id: number, version: number, values: ImageUpdate) =>
  updateVersioned<ImageRow>(db, 'image', imageColumns, id, version, values);

export const deleteImage = (db: Kysely<Database>, id: number) => deleteRow<ImageRow>(db, 'image', imageColumns, id);

/** The galleries that list images, by their parent: an article's, a project's. */
export const galleries = { article: articleImage, project: projectImage } as const;
export type GalleryOwner = keyof typeof galleries;

export const findGalleryPages = (
  db: Kysely<Database>,
  owner: GalleryOwner,
  ownerIds: readonly number[],
  page: KeysetPage,
  wanted?: ReadonlySet<string> | null,
) => findLinkedPages<GalleryImageRow>(db, galleries[owner], ownerIds, page, wanted);

export const countGalleryImages = (db: Kysely<Database>, owner: GalleryOwner, ownerIds: readonly number[]) =>
  countLinkedByParentIds(db, galleries[owner], ownerIds);

/** How many rows use an image, by kind: its delete is refused while any does. */
export async function countImageUses(db: Kysely<Database>, id: number): Promise<Record<string, number>> {
  // uses of one image: as a lead image, portrait, logo, or in a gallery
  const { rows } = await sql<{ article: string; person: string; organisation: string; source: string; project: string }>`
    select (select count(*) from article where lead_image_id = ${id})
             + (select count(*) from article_image where image_id = ${id}) as article,
           (select count(*) from person where portrait_id = ${id}) as person,
           (select count(*) from organisation where logo_id = ${id}) as organisation,
           (select count(*) from source where logo_id = ${id}) as source,
           (select count(*) from project_image where image_id = ${id}) as project`.execute(db);
  return Object.fromEntries(Object.entries(rows[0]!).map(([kind, count]) => [kind, Number(count)]));
}

/** The slugs of the images an article shows (its lead image, its gallery) that have no alt text. */
export async function findArticleImagesWithoutAlt(db: Kysely<Database>, articleId: number): Promise<string[]> {
  // an article's images lacking alt text
  const rows = await db
    .selectFrom('image')
    .select('slug')
    .where('alt_text', 'is', null)
    .where((eb) =>
      eb.or([
        eb('id', '=', eb.selectFrom('article').select('lead_image_id').where('id', '=', articleId)),
        eb('id', 'in', eb.selectFrom('article_image').select('image_id').where('article_id', '=', articleId)),
      ]),
    )
    .orderBy('slug')
    .execute();
  return rows.map((row) => row.slug);
}

/** How many published articles show an image (as their lead image or in their gallery). */
export async function countPublishedArticlesShowing(db: Kysely<Database>, imageId: number): Promise<number> {
  // published articles showing one image
  const { count } = await db
    .selectFrom('article')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('status', '=', 'published')
    .where((eb) =>
      eb.or([
        eb('lead_image_id', '=', imageId),
        eb('id', 'in', eb.selectFrom('article_image').select('article_id').where('image_id', '=', imageId)),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** Of these image slugs, those whose image has no alt text. */
export async function findImageSlugsWithoutAlt(db: Kysely<Database>, slugs: readonly string[]): Promise<string[]> {
  if (slugs.length === 0) return [];
  // images lacking alt text, by slug
  const rows = await db.selectFrom('image').select('slug').where('slug', 'in', [...slugs]).where('alt_text', 'is', null).orderBy('slug').execute();
  return rows.map((row) => row.slug);
}
