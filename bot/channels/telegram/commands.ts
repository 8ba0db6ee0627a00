import type { Api } from 'grammy';
import type { I18n, Language } from '../../../core/i18n';

/** The menu Telegram shows next to the input field, per language (Telegram's language_code). */
export const MENU_COMMANDS = [
  'start',
  'status',
  'bills',
  'registration',
  'franchise',
  'clinics',
  'sos',
  'operator',
  'faq',
  'language',
  'help',
  'cancel',
] as const;

export function menuCommands(i18n: I18n, language: Language) {
  return MENU_COMMANDS.map((command) => ({ command, description: i18n.t(language, `tg-cmd-${command}`) }));
}

/** setMyCommands for ru and kk users, and ru as the default for every other language. */
export async function registerCommands(api: Api, i18n: I18n): Promise<void> {
  await api.setMyCommands(menuCommands(i18n, 'ru'));
  for (const language of ['ru', 'kk'] as const) {
    await api.setMyCommands(menuCommands(i18n, language), { language_code: language });
  }
}
