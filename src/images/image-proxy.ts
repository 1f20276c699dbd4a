import { createHmac } from 'node:crypto';

// Renditions of an image, as URLs of an image proxy in imgproxy's convention
// (https://docs.imgproxy.net/usage/processing): `<proxy>/<signature>/<options>/<source>.<format>`,
// the source URL in URL-safe base64, the signature an HMAC-SHA256 (key) of salt + path in URL-safe
// base64 without padding (https://docs.imgproxy.net/usage/signing_url). Nothing is fetched or
// stored here: the proxy makes and caches the rendition on first request.

export interface ImageProxy {
  /** Where the proxy answers, without a trailing slash. */
  baseUrl: string;
  /** The signing pair (hex-decoded); null: unsigned URLs (`/insecure/...`), for a proxy that does not check them. */
  signing: { key: Buffer; salt: Buffer } | null;
}

/**
 * The only sizes a rendition may have, in pixels (widths and heights alike): a bounded set keeps
 * the proxy's cache small and stops anyone from asking for a million sizes of one image.
 * 360, 540, 720 and 1080 are there for 16:9 crops of 640, 960, 1280 and 1920.
 */
export const RENDITION_SIZES = [80, 160, 240, 320, 360, 480, 540, 640, 720, 800, 960, 1080, 1280, 1440, 1600, 1920, 2560] as const;

/** The widths a `srcset` lists when the query names none (those up to the original's width). */
export const DEFAULT_SRCSET_WIDTHS = [320, 640, 960, 1280, 1920] as const;

/** imgproxy's resizing types (`rs:<type>:...`). */
export type ImageFit = 'fit' | 'fill' | 'force' | 'auto';

/** The format of a rendition; `original` keeps the source's. */
export type ImageFormat = 'original' | 'webp' | 'avif' | 'jpeg' | 'png';

export interface Rendition {
  width: number | null;
  height: number | null;
  fit: ImageFit;
  format: ImageFormat;
}

/** What a rendition needs of an image row. */
export interface ImageSource {
  source_url: string;
  focal_x: number | null;
  focal_y: number | null;
}

const base64Url = (bytes: Buffer) => bytes.toString('base64url');

/** The signature of a path (everything after the signature, leading slash included). */
export function signPath(path: string, signing: { key: Buffer; salt: Buffer }): string {
  return base64Url(createHmac('sha256', signing.key).update(signing.salt).update(path).digest());
}

/** The processing options: the size, and the focal point as gravity when the rendition crops. */
function processingOptions(image: ImageSource, rendition: Rendition): string[] {
  const options = [`rs:${rendition.fit}:${rendition.width ?? 0}:${rendition.height ?? 0}`];
  const crops = rendition.fit === 'fill' || rendition.fit === 'auto';
  if (crops && image.focal_x !== null && image.focal_y !== null) options.push(`g:fp:${image.focal_x}:${image.focal_y}`);
  return options;
}

/** The URL of a rendition; the original's own URL without a proxy, or when nothing would change. */
export function renditionUrl(proxy: ImageProxy | null, image: ImageSource, rendition: Rendition): string {
  const unchanged = rendition.width === null && rendition.height === null && rendition.format === 'original';
  if (!proxy || unchanged) return image.source_url;
  const extension = rendition.format === 'original' ? '' : `.${rendition.format}`;
  const path = `/${processingOptions(image, rendition).join('/')}/${base64Url(Buffer.from(image.source_url))}${extension}`;
  return `${proxy.baseUrl}/${proxy.signing ? signPath(path, proxy.signing) : 'insecure'}${path}`;
}

/**
 * A `srcset` attribute: one rendition per width, never wider than the original (the proxy would
 * only enlarge it); the original alone without a proxy.
 */
export function srcset(
  proxy: ImageProxy | null,
  image: ImageSource & { width: number },
  widths: readonly number[],
  rendition: Omit<Rendition, 'width' | 'height'>,
): string {
  if (!proxy) return `${image.source_url} ${image.width}w`;
  const fitting = widths.filter((width) => width <= image.width);
  const chosen = fitting.length > 0 ? fitting : [Math.min(...widths)];
  return [...new Set(chosen)]
    .sort((one, other) => one - other)
    .map((width) => `${renditionUrl(proxy, image, { ...rendition, width, height: null })} ${width}w`)
    .join(', ');
}
