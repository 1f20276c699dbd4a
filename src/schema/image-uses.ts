import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/types.js';
import { replaceLinks } from '../repositories/import-writes.js';
import { countPublishedArticlesShowing, findArticleImagesWithoutAlt, galleries, type GalleryOwner } from '../repositories/image.js';
import { galleryItemRules } from '../validation/image.js';
import { builder } from './builder.js';
import { idOf, mustExist } from './entity-mutations.js';
import { refuse } from './mutation.js';

// The rules of using images, shared by the entities that show them (article.ts, project.ts,
// image.ts): a published article shows only images with alt text, and a gallery is set whole.

const slugList = (slugs: readonly string[]) => slugs.map((slug) => `"${slug}"`).join(', ');

/** Refuses (ALT_TEXT_REQUIRED) when an image the article shows has no alt text. */
export async function refuseImagesWithoutAlt(db: Kysely<Database>, articleId: number, path: string[]): Promise<void> {
  const missing = await findArticleImagesWithoutAlt(db, articleId);
  if (missing.length > 0) refuse('ALT_TEXT_REQUIRED', path, `give these images their alt text first: ${slugList(missing)}`);
}

/** Refuses (ALT_TEXT_REQUIRED) to take the alt text away from an image a published article shows. */
export async function refuseIfShownWithoutAlt(db: Kysely<Database>, imageId: number, path: string[]): Promise<void> {
  const showing = await countPublishedArticlesShowing(db, imageId);
  if (showing > 0) refuse('ALT_TEXT_REQUIRED', path, `${showing} published article(s) show this image: it needs its alt text`);
}

export const GalleryImageInput = builder.inputType('GalleryImageInput', {
  description: 'One image of a gallery, with the caption of this use.',
  fields: (t) => ({
    image: t.id({ required: true, description: 'The image.' }),
    caption: t.string({ description: "Its caption in this gallery, up to 2 000 characters; null: the image's own caption." }),
  }),
});

/** The images of a gallery, in order: each at most once. */
export const galleryRule = z
  .array(z.object({ image: idOf('Image'), ...galleryItemRules }))
  .max(100, 'a gallery holds at most 100 images')
  .superRefine((items, ctx) => {
    items.forEach((item, index) => {
      if (items.findIndex((other) => other.image === item.image) !== index) {
        ctx.addIssue({ code: 'custom', path: [index, 'image'], message: 'is in the gallery twice' });
      }
    });
  });

/** Makes an owner's gallery exactly `items`, in order; every image must exist. */
export async function replaceGallery(db: Kysely<Database>, owner: GalleryOwner, ownerId: number, items: z.output<typeof galleryRule>) {
  for (const [index, item] of items.entries()) await mustExist(db, 'image', item.image, ['images', String(index), 'image']);
  await replaceLinks(db, galleries[owner].table, ownerId, items.map((item) => ({ targetId: item.image, caption: item.caption ?? null })));
}

/** The rule of an input field naming one image by its id (a lead image, a portrait, a logo); null removes it. */
export const imageIdRule = idOf('Image').nullish();

/** Refuses (NOT_FOUND) an image id that names no image. */
export async function checkImageExists(db: Kysely<Database>, id: number | null | undefined, path: string): Promise<void> {
  if (id != null) await mustExist(db, 'image', id, path);
}
