import type { Context } from '../context.js';
import { ErrorCode, clientError } from '../errors.js';
import { DEFAULT_SRCSET_WIDTHS, RENDITION_SIZES, renditionUrl, srcset, type ImageFit, type ImageFormat } from '../images/image-proxy.js';
import { entities } from '../model/entities.js';
import type { ArticleRow } from '../repositories/article.js';
import {
  countGalleryImages,
  countImageUses,
  countImages,
  deleteImage,
  findGalleryPages,
  findImageBySlug,
  findImages,
  insertImage,
  updateImage,
  type GalleryImageRow,
  type GalleryOwner,
} from '../repositories/image.js';
import type { OrganisationRow } from '../repositories/organisation.js';
import type { PersonRow } from '../repositories/person.js';
import type { SourceRow } from '../repositories/source.js';
import { imageRules } from '../validation/image.js';
import { builder } from './builder.js';
import { readingDeclared } from './computed-field.js';
import { toColumns, versionedEntityMutations } from './entity-mutations.js';
import { refuseIfShownWithoutAlt } from './image-uses.js';
import { resolveNestedConnection } from './nested-connection.js';
import { Article, Image, Organisation, Person, Project, Source } from './refs.js';
import { lookupArgs, oneLookup, resolveByName } from './shared.js';

// Images (an original picture and what is known of it), their renditions through the image
// proxy, and every place an image appears: Article.leadImage and Article.images, Person.portrait,
// Organisation.logo, Source.logo, Project.images. Each of those loads all its parents' images in
// one statement (the Image loader, or one nested page for the galleries).

const ImageFitEnum = builder.enumType('ImageFit', {
  description: 'How a rendition fills the size asked for (imgproxy resizing types).',
  values: {
    FIT: { value: 'fit', description: 'Fits inside the size, keeping its proportions (nothing is cut).' },
    FILL: { value: 'fill', description: 'Fills the size, keeping its proportions: what overflows is cut, around the focal point.' },
    FORCE: { value: 'force', description: 'Stretched to the size exactly.' },
    AUTO: { value: 'auto', description: 'FILL when the size and the image have the same orientation, else FIT.' },
  } as const satisfies Record<string, { value: ImageFit; description: string }>,
});

const ImageFormatEnum = builder.enumType('ImageFormat', {
  description: 'The file format of a rendition.',
  values: {
    ORIGINAL: { value: 'original', description: "The original's format." },
    WEBP: { value: 'webp', description: 'WebP.' },
    AVIF: { value: 'avif', description: 'AVIF.' },
    JPEG: { value: 'jpeg', description: 'JPEG.' },
    PNG: { value: 'png', description: 'PNG.' },
  } as const satisfies Record<string, { value: ImageFormat; description: string }>,
});

const FocalPoint = builder.objectRef<{ x: number; y: number }>('FocalPoint').implement({
  description: 'The point of an image to keep in crops: 0 is the left (top) edge, 1 the right (bottom) one.',
  fields: (t) => ({
    x: t.exposeFloat('x', { description: 'From the left edge, 0 to 1.' }),
    y: t.exposeFloat('y', { description: 'From the top edge, 0 to 1.' }),
  }),
});

const sizes = RENDITION_SIZES.join(', ');
const allowedSizes = new Set<number>(RENDITION_SIZES);

/** A rendition size argument: one of RENDITION_SIZES, else BAD_USER_INPUT. */
function checkedSize(value: number | null | undefined, argument: string): number | null {
  if (value == null) return null;
  if (!allowedSizes.has(value)) throw clientError(ErrorCode.invalidArgument, `\`${argument}\` must be one of ${sizes} (got ${value}).`, { argument });
  return value;
}

const focalPointOf = readingDeclared<{ focal_x: number | null; focal_y: number | null }>()(entities.image, 'focalPoint', (image) =>
  image.focal_x === null || image.focal_y === null ? null : { x: image.focal_x, y: image.focal_y },
);

Image.implement({
  description:
    'A picture: the original (its URL, size and type), what it shows (alt text), its caption and credits, and the ' +
    'renditions the image proxy makes of it (`url`, `srcset`).',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Unique, URL-safe name.' }),
    sourceUrl: t.exposeString('source_url', { description: 'Address of the original file.' }),
    width: t.exposeInt('width', { description: 'Width of the original, in pixels.' }),
    height: t.exposeInt('height', { description: 'Height of the original, in pixels.' }),
    mimeType: t.exposeString('mime_type', { description: 'MIME type of the original, e.g. "image/jpeg".' }),
    alt: t.exposeString('alt_text', {
      nullable: true,
      description: 'What the image shows, for readers who cannot see it (the alt attribute). Required before an article showing it is published.',
    }),
    caption: t.exposeString('caption', { nullable: true, description: 'Its usual caption (a gallery may give its own).' }),
    credit: t.exposeString('credit', { nullable: true, description: 'Who made it: photographer, agency.' }),
    licence: t.exposeString('licence', { nullable: true, description: 'Under which terms it is used, e.g. "CC BY-SA 4.0".' }),
    focalPoint: t.field({
      type: FocalPoint,
      nullable: true,
      description: 'The point to keep when a rendition crops (FILL, AUTO); null: the centre.',
      resolve: focalPointOf,
    }),
    version: t.exposeInt('version', {
      description: 'Increases with every change: send it back with an update to detect concurrent edits.',
    }),
    isDemo: t.exposeBoolean('is_demo', { description: 'True for the demo content loaded on first start.' }),
    url: t.string({
      description:
        `The address of a rendition made by the image proxy (IMAGE_PROXY_URL), signed when it has a key. Sizes: ${sizes} ` +
        'pixels (another is refused with BAD_USER_INPUT); leave width or height out to keep the proportions. Without ' +
        'an image proxy, or with no argument, the original\'s address.',
      args: {
        width: t.arg.int({ description: `Width in pixels: one of ${sizes}.` }),
        height: t.arg.int({ description: `Height in pixels: one of ${sizes}.` }),
        fit: t.arg({ type: ImageFitEnum, defaultValue: 'fit', description: 'How it fills the size; FIT by default.' }),
        format: t.arg({ type: ImageFormatEnum, defaultValue: 'original', description: "Its format; the original's by default." }),
      },
      resolve: (image, args, context) =>
        renditionUrl(context.site.imageProxy, image, {
          width: checkedSize(args.width, 'width'),
          height: checkedSize(args.height, 'height'),
          fit: args.fit ?? 'fit',
          format: args.format ?? 'original',
        }),
    }),
    srcset: t.string({
      description:
        `A srcset attribute: one rendition per width ("<url> 640w, <url> 1280w"), none wider than the original. Widths: ` +
        `${sizes}; ${DEFAULT_SRCSET_WIDTHS.join(', ')} by default. Without an image proxy, the original alone.`,
      args: {
        widths: t.arg.intList({ description: `Up to ${RENDITION_SIZES.length} widths, each one of ${sizes}.` }),
        format: t.arg({ type: ImageFormatEnum, defaultValue: 'original', description: "Their format; the original's by default." }),
      },
      resolve: (image, args, context) => {
        const widths = (args.widths ?? DEFAULT_SRCSET_WIDTHS).map((width) => checkedSize(width, 'widths')!);
        if (widths.length === 0) throw clientError(ErrorCode.invalidArgument, '`widths` must name at least one width.', { argument: 'widths' });
        return srcset(context.site.imageProxy, image, widths, { fit: 'fit', format: args.format ?? 'original' });
      },
    }),
  }),
});

const GalleryImageConnection = builder.connectionObject(
  { type: Image, name: 'GalleryImageConnection', description: 'A page of the images of a gallery, in editorial order.' },
  {
    name: 'GalleryImageEdge',
    fields: (t) => ({
      caption: t.string({
        nullable: true,
        description: "The caption of the image in this gallery; null: show the image's own caption.",
        // Gallery edges always hold the row read through the link (repositories/image.ts).
        resolve: (edge) => (edge.node as GalleryImageRow).edge_caption,
      }),
    }),
  },
);

/** The image an id column names, loaded with all the others of the same tick in one statement. */
function imageNamed(context: Context, id: number | null) {
  return id === null ? null : Image.getDataloader(context).load(id);
}

function gallery(owner: GalleryOwner, name: string) {
  return resolveNestedConnection<GalleryImageRow>({
    name,
    order: 'POSITION',
    nodeType: 'Image',
    pages: (context, ids, page, wanted) => findGalleryPages(context.db, owner, ids, page, wanted),
    counts: (context, ids) => countGalleryImages(context.db, owner, ids),
  });
}

const leadImageOf = readingDeclared<ArticleRow>()(entities.article, 'leadImage', (article) => article.lead_image_id);
const portraitOf = readingDeclared<PersonRow>()(entities.person, 'portrait', (person) => person.portrait_id);
const organisationLogoOf = readingDeclared<OrganisationRow>()(entities.organisation, 'logo', (organisation) => organisation.logo_id);
const sourceLogoOf = readingDeclared<SourceRow>()(entities.source, 'logo', (source) => source.logo_id);

builder.objectFields(Article, (t) => ({
  leadImage: t.field({
    type: Image,
    nullable: true,
    description: 'The picture at the top of the article (and of its card in lists); null when it has none.',
    resolve: (article, _args, context) => imageNamed(context, leadImageOf(article)),
  }),
  images: t.field({
    type: GalleryImageConnection,
    description: 'Its gallery, in editorial order; each edge may have a caption of its own.',
    args: t.arg.connectionArgs(),
    resolve: gallery('article', 'Article.images'),
  }),
}));

builder.objectFields(Project, (t) => ({
  images: t.field({
    type: GalleryImageConnection,
    description: 'Pictures of the project, in editorial order; each edge may have a caption of its own.',
    args: t.arg.connectionArgs(),
    resolve: gallery('project', 'Project.images'),
  }),
}));

builder.objectFields(Person, (t) => ({
  portrait: t.field({
    type: Image,
    nullable: true,
    description: 'Their portrait; null when there is none.',
    resolve: (person, _args, context) => imageNamed(context, portraitOf(person)),
  }),
}));

builder.objectFields(Organisation, (t) => ({
  logo: t.field({
    type: Image,
    nullable: true,
    description: 'Its logo; null when there is none.',
    resolve: (organisation, _args, context) => imageNamed(context, organisationLogoOf(organisation)),
  }),
}));

builder.objectFields(Source, (t) => ({
  logo: t.field({
    type: Image,
    nullable: true,
    description: "The publication's logo; null when there is none.",
    resolve: (source, _args, context) => imageNamed(context, sourceLogoOf(source)),
  }),
}));

const FocalPointInput = builder.inputType('FocalPointInput', {
  description: 'The point of an image to keep in crops.',
  fields: (t) => ({
    x: t.float({ required: true, description: 'From the left edge, 0 to 1.' }),
    y: t.float({ required: true, description: 'From the top edge, 0 to 1.' }),
  }),
});

const ImageConnection = builder.connectionObject({ type: Image, name: 'ImageConnection', description: 'A page of images.' });

builder.queryFields((t) => ({
  image: t.field({
    type: Image,
    nullable: true,
    description: 'One image by slug or by id (give exactly one); null when there is none.',
    args: lookupArgs(t),
    resolve: (_root, args, context) =>
      oneLookup(context.db, args, 'Image', {
        bySlug: (slug) => findImageBySlug(context.db, slug),
        byId: (id) => Image.getDataloader(context).load(id),
      }),
  }),
  images: t.field({
    type: ImageConnection,
    description: 'All images, by slug.',
    args: t.arg.connectionArgs(),
    resolve: (_root, args, context) => resolveByName(args, (page) => findImages(context.db, page), () => countImages(context.db)),
  }),
}));

// ——— Writing images (editors only) ———

/** "https://www.example.fr/images/port-de-valence.jpg" → "port-de-valence": a slug from the file's name. */
const fileName = (url: string) => new URL(url).pathname.split('/').filter(Boolean).at(-1)?.replace(/\.[a-z0-9]+$/i, '') ?? 'image';

versionedEntityMutations({
  typename: 'Image',
  table: 'image',
  ref: Image,
  fields: imageRules,
  nameField: 'sourceUrl',
  slugBase: fileName,
  inputFields: (t, create) => ({
    sourceUrl: t.string({ required: create, description: 'Address of the original file (http or https).' }),
    width: t.int({ required: create, description: 'Width of the original in pixels, 1 to 20 000.' }),
    height: t.int({ required: create, description: 'Height of the original in pixels, 1 to 20 000.' }),
    mimeType: t.string({ required: create, description: 'image/jpeg, image/png, image/webp, image/avif, image/gif or image/svg+xml.' }),
    slug: t.string({ description: 'Unique slug; made from the file name when left out on creation ("…/port-de-valence.jpg" → "port-de-valence").' }),
    altText: t.string({
      description: 'What the image shows, up to 500 characters; required before an article showing it is published. Null clears it (refused while a published article shows it).',
    }),
    caption: t.string({ description: 'Its usual caption, up to 2 000 characters; null clears it.' }),
    credit: t.string({ description: 'Who made it, up to 300 characters; null clears it.' }),
    licence: t.string({ description: 'Its terms of use, up to 300 characters; null clears it.' }),
    focalPoint: t.field({ type: FocalPointInput, description: 'The point to keep in crops; null: the centre.' }),
  }),
  columns: (image) => ({
    ...toColumns(image, {
      source_url: 'sourceUrl',
      width: 'width',
      height: 'height',
      mime_type: 'mimeType',
      alt_text: 'altText',
      caption: 'caption',
      credit: 'credit',
      licence: 'licence',
    }),
    focal_x: image.focalPoint === undefined ? undefined : (image.focalPoint?.x ?? null),
    focal_y: image.focalPoint === undefined ? undefined : (image.focalPoint?.y ?? null),
  }),
  async check(db, values, id) {
    if (id !== undefined && values.alt_text === null) await refuseIfShownWithoutAlt(db, id, ['altText']);
  },
  insert: insertImage,
  update: updateImage,
  deletion: {
    description: 'Deletes an image for good; refused (IN_USE) while an article, person, organisation, source or project uses it.',
    remove: deleteImage,
    links: countImageUses,
  },
  describe: { newInput: 'A new image: where the original is, its size and type, and what it shows.' },
});
