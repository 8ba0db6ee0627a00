/** Where people consult doctors (seed 000). Not translated: addresses, not text. */
export const CONSULT_LINKS = {
  site: 'https://kis.onlinedoctor.ru',
  appStore:
    'https://apps.apple.com/search?term=%D0%9E%D0%BD%D0%BB%D0%B0%D0%B9%D0%BD%20%D0%B4%D0%BE%D0%BA%D1%82%D0%BE%D1%80',
  googlePlay:
    'https://play.google.com/store/search?q=%D0%9E%D0%BD%D0%BB%D0%B0%D0%B9%D0%BD%20%D0%B4%D0%BE%D0%BA%D1%82%D0%BE%D1%80&c=apps',
} as const;
