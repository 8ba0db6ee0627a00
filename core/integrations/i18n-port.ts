/**
 * What the integrations need from core/i18n.ts: a Fluent message rendered in one language.
 * `createI18n()` satisfies it structurally; integrations depend on this port, not the module.
 */
export type MessageLanguage = 'ru' | 'kk';

export interface Translator {
  t(language: MessageLanguage, key: string, params?: Record<string, string | number>): string;
  has?(key: string): boolean;
}

/** Fluent wraps placeables in Unicode isolation marks (U+2068, U+2069); mails and PDFs must not carry them. */
export function plain(text: string): string {
  return text.replace(/[\u2068\u2069]/g, '');
}

export function translate(
  i18n: Translator,
  language: MessageLanguage,
  key: string,
  params?: Record<string, string | number>,
): string {
  return plain(i18n.t(language, key, params));
}
