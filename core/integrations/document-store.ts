import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config';

/**
 * Medical documents sent in the chat, kept as files in DOCUMENTS_DIR (default
 * `${DATA_DIR}/documents`): `YYYY/MM/<uuid>.<ext>`. Channels store the bytes *before* the dialog
 * turn (a download or an upload must not hold the conversation's row lock) and hand the engine a
 * `file` input whose `storageRef` is `store:<key>`; the turn then writes the Document row with
 * `storagePath = <key>`. A turn that fails leaves an unreferenced file behind, never a row without
 * a file.
 *
 * Only these types are accepted, recognised by their first bytes (the declared type is not trusted).
 */
export const DOCUMENT_TYPES = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
} as const;
export type DocumentMimeType = keyof typeof DOCUMENT_TYPES;

export const STORE_PREFIX = 'store:';

/** The type of a file by its magic bytes, or null for anything not accepted. */
export function sniffDocumentType(bytes: Uint8Array): DocumentMimeType | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 16));
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  // ISO BMFF: size(4) 'ftyp' brand(4); HEIC/HEIF brands
  if (b.subarray(4, 8).toString('latin1') === 'ftyp') {
    const brand = b.subarray(8, 12).toString('latin1');
    if (['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'].includes(brand)) return 'image/heic';
  }
  return null;
}

const KEY = /^\d{4}\/\d{2}\/[0-9a-f-]{36}\.(pdf|jpg|png|heic)$/;

export interface DocumentStore {
  dir: string;
  maxBytes: number;
  /** writes the bytes (atomically: temp file + rename); the key goes into Document.storagePath */
  save(
    bytes: Uint8Array,
    type: DocumentMimeType,
    now?: Date,
  ): Promise<{ key: string; storageRef: string; size: number }>;
  /** absolute path of a stored key; throws on anything that is not a key this store made */
  pathOf(key: string): string;
  exists(key: string): boolean;
  read(key: string): Promise<Buffer>;
  size(key: string): Promise<number>;
}

export function documentsDir(config: Pick<Config, 'DATA_DIR' | 'DOCUMENTS_DIR'>): string {
  return path.resolve(config.DOCUMENTS_DIR ?? path.join(config.DATA_DIR, 'documents'));
}

export function createDocumentStore(
  config: Pick<Config, 'DATA_DIR' | 'DOCUMENTS_DIR' | 'DOCUMENTS_MAX_MB'>,
): DocumentStore {
  const dir = documentsDir(config);
  const pathOf = (key: string) => {
    if (!KEY.test(key)) throw new Error(`not a document key: ${key.slice(0, 80)}`);
    return path.join(dir, ...key.split('/'));
  };
  return {
    dir,
    maxBytes: Math.floor(config.DOCUMENTS_MAX_MB * 1024 * 1024),
    pathOf,
    exists: (key) => KEY.test(key) && existsSync(pathOf(key)),
    read: (key) => readFile(pathOf(key)),
    size: async (key) => (await stat(pathOf(key))).size,
    async save(bytes, type, now = new Date()) {
      const month = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
      const key = `${month}/${randomUUID()}.${DOCUMENT_TYPES[type]}`;
      const target = pathOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      const temp = `${target}.part`;
      await writeFile(temp, bytes, { mode: 0o600 });
      await rename(temp, target);
      return { key, storageRef: `${STORE_PREFIX}${key}`, size: bytes.byteLength };
    },
  };
}

/** The key of a `store:` reference, or null for any other reference (e.g. a Telegram file_id). */
export function storedKey(storageRef: string): string | null {
  if (!storageRef.startsWith(STORE_PREFIX)) return null;
  const key = storageRef.slice(STORE_PREFIX.length);
  return KEY.test(key) ? key : null;
}

/** A file name safe to show and to keep: no path, no control characters, at most 120 characters. */
export function cleanFileName(name: string, type: DocumentMimeType): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    .replace(/[\p{Cc}<>:"|?*]+/gu, '_')
    .trim()
    .slice(0, 120);
  return clean === '' || clean === '.' || clean === '..' ? `document.${DOCUMENT_TYPES[type]}` : clean;
}
