import { z } from 'zod';
import { boundedText, label, webUrl } from './fields.js';

// An image's own fields, as the import file and the editors' mutations take them (see entities.ts).

const dimension = z.number().int().min(1, 'must be at least 1 pixel').max(20_000, 'must be at most 20 000 pixels');
/** A coordinate of the focal point: 0 is the left (top) edge, 1 the right (bottom) one. */
const fraction = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');

export const imageMimeType = z.enum(['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif', 'image/svg+xml']);

export const imageRules = {
  sourceUrl: webUrl,
  width: dimension,
  height: dimension,
  mimeType: imageMimeType,
  // Optional while an image waits in a draft; publishing an article that shows it needs one.
  altText: label(500).nullish(),
  caption: boundedText(2_000).nullish(),
  credit: label(300).nullish(),
  licence: label(300).nullish(),
  focalPoint: z.object({ x: fraction, y: fraction }).nullish(),
};

/** One use of an image in a gallery: which image, and the caption of this use. */
export const galleryItemRules = { caption: boundedText(2_000).nullish() };
