import { z } from 'zod';

// Field rules shared by everything that takes content in (import files, mutations). They
// mirror the CHECK constraints of the migrations, so mistakes are caught with a field path
// before the database sees them.

export const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase letters and digits joined by hyphens, like "le-monde"')
  .max(200, 'must be at most 200 characters');
export const label = (maxLength: number) =>
  z.string().trim().min(1, 'must not be empty').max(maxLength, `must be at most ${maxLength} characters`);
/** Free text (a description, a summary), possibly empty, up to a length. */
export const boundedText = (maxLength: number) => z.string().max(maxLength, `must be at most ${maxLength} characters`);
export const countryCode = z.string().regex(/^[A-Z]{2}$/, 'must be a 2-letter ISO 3166 country code, like "FR"');
export const languageTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag, like "fr" or "fr-BE"');
export const webUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);
// Dates a news site can mean: a typo like year 9999 would otherwise top every list for ever.
const EARLIEST = '1900-01-01T00:00:00Z';
const LATEST = '2100-01-01T00:00:00Z';
const withinSaneYears = (value: string) => {
  const time = Date.parse(value);
  return time >= Date.parse(EARLIEST) && time < Date.parse(LATEST);
};
export const instant = z.iso
  .datetime({ offset: true, abort: true, error: 'must be an ISO 8601 date-time, like "2025-02-16T08:00:00+01:00"' })
  .refine(withinSaneYears, 'must be between the years 1900 and 2099');
export const day = z.iso
  .date({ abort: true, error: 'must be an ISO 8601 date, like "2025-02-16"' })
  .refine(withinSaneYears, 'must be between the years 1900 and 2099');

const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));
export const currencyCode = z
  .string()
  .refine((code) => /^[A-Z]{3}$/.test(code) && knownCurrencies.has(code), 'must be an ISO 4217 currency code, like "EUR"');
/** Money is exact: a decimal string, never a float. */
export const decimalAmount = z
  .string()
  .regex(/^\d{1,15}(\.\d{1,4})?$/, 'must be an exact decimal amount, like "450000000" or "12.50"');

/** French-aware slug of a title: "Données & IA à Valence" becomes "donnees-ia-a-valence". */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120)
    .replace(/-+$/g, '');
}
