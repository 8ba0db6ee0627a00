/** Countries whose production calendar the product knows. */
export const COUNTRIES = ['KZ', 'RU'] as const;
export type Country = (typeof COUNTRIES)[number];
