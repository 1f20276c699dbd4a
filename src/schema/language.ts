import { ErrorCode, clientError } from '../errors.js';
import { languageTag } from '../validation/fields.js';

/** A `language` argument: a BCP 47 tag such as "fr", or null when none is given. */
export function parseLanguage(language: string | null | undefined, argument: string): string | null {
  if (language == null) return null;
  if (!languageTag.safeParse(language).success) {
    throw clientError(ErrorCode.invalidArgument, `"${language.slice(0, 50)}" is not a BCP 47 language tag like "fr".`, {
      argument,
    });
  }
  return language;
}
