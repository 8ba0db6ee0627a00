import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * What the embedded default's file transports share (mail in `${DATA_DIR}/mail`, SMS in
 * `${DATA_DIR}/sms`): time-sortable ids, one `<id>.json` index per item, and the small HTML pages of
 * GET /dev/mail and GET /dev/sms.
 */

/** Time-sortable id of a stored item: `20261201T050000123`-like digits + 8 hex. */
export const STORED_ID = /^[0-9]{17}-[0-9a-f]{8}$/;

export function newStoredId(now: Date = new Date()): string {
  return `${now.toISOString().replace(/[-:.TZ]/g, '')}-${randomBytes(4).toString('hex')}`;
}

export async function writeJsonIndex(directory: string, id: string, index: unknown): Promise<string> {
  await mkdir(directory, { recursive: true });
  const file = resolve(directory, `${id}.json`);
  await writeFile(file, JSON.stringify(index, null, 2));
  return file;
}

/** One item's index, or null for an unknown or malformed id. */
export async function readJsonIndex<T>(directory: string, id: string): Promise<T | null> {
  if (!STORED_ID.test(id)) return null;
  try {
    return JSON.parse(await readFile(resolve(directory, `${id}.json`), 'utf8')) as T;
  } catch {
    return null;
  }
}

/** Every item's index, newest first (an absent directory is an empty box). */
export async function listJsonIndexes<T extends { id: string }>(directory: string): Promise<T[]> {
  let names: string[] = [];
  try {
    names = (await readdir(directory)).filter((name) => name.endsWith('.json'));
  } catch {
    names = [];
  }
  const items: (T | null)[] = await Promise.all(
    names.map((name) => readJsonIndex<T>(directory, name.slice(0, -5))),
  );
  return items.filter((item): item is T => item !== null).sort((a, b) => b.id.localeCompare(a.id));
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string,
  );
}

export function devPage(title: string, body: string): string {
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}</style>
</head><body>${body}</body></html>`;
}
