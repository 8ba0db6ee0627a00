import type { Config } from '../config';
import type { Db, Tx } from '../db';
import {
  cleanFileName,
  createDocumentStore,
  DOCUMENT_TYPES,
  type DocumentMimeType,
  storedKey,
} from '../integrations/document-store';

/**
 * Medical documents sent in the chat (seed 000: «загрузка скан-копий или фотографий медицинских
 * документов»): one Document row per file, stored by the channel beforehand (document-store.ts).
 * Operators list them with `documentsOf` (the console), users with «Мои документы».
 */
export type RecordResult =
  | { ok: true; id: string; fileName: string }
  | { ok: false; reason: 'type' | 'too_large' | 'not_stored' };

export interface FileInput {
  fileName: string;
  mimeType: string;
  size: number;
  storageRef: string;
}

/** Checks a `file` input (type, size, stored by the channel) and writes its Document row. */
export async function recordDocument(
  ctx: { config: Pick<Config, 'DATA_DIR' | 'DOCUMENTS_DIR' | 'DOCUMENTS_MAX_MB'> },
  tx: Tx,
  input: { file: FileInput; conversationId: string; personId: string | null; now: Date },
): Promise<RecordResult> {
  const store = createDocumentStore(ctx.config);
  const mimeType = input.file.mimeType.toLowerCase() as DocumentMimeType;
  if (!(mimeType in DOCUMENT_TYPES)) return { ok: false, reason: 'type' };
  if (input.file.size > store.maxBytes) return { ok: false, reason: 'too_large' };
  const key = storedKey(input.file.storageRef);
  if (!key || !store.exists(key)) return { ok: false, reason: 'not_stored' };
  const size = await store.size(key);
  if (size > store.maxBytes) return { ok: false, reason: 'too_large' };
  const fileName = cleanFileName(input.file.fileName, mimeType);
  const row = await tx.document.create({
    data: {
      personId: input.personId,
      conversationId: input.conversationId,
      fileName,
      mimeType,
      size,
      storagePath: key,
      createdAt: input.now,
    },
    select: { id: true },
  });
  return { ok: true, id: row.id, fileName };
}

export interface DocumentView {
  id: string;
  fileName: string;
  mimeType: string;
  size: number;
  /** key in the document store (DOCUMENTS_DIR); `createDocumentStore(config).read(storagePath)` */
  storagePath: string;
  conversationId: string;
  personId: string | null;
  createdAt: Date;
}

/**
 * Documents of a conversation or of a person (every conversation of theirs), newest first. For the
 * operator console and «Мои документы».
 */
export async function documentsOf(
  db: Db | Tx,
  of: { conversationId: string } | { personId: string },
  options: { take?: number } = {},
): Promise<DocumentView[]> {
  return db.document.findMany({
    where: 'personId' in of ? { personId: of.personId } : { conversationId: of.conversationId },
    orderBy: { createdAt: 'desc' },
    take: options.take ?? 200,
    select: {
      id: true,
      fileName: true,
      mimeType: true,
      size: true,
      storagePath: true,
      conversationId: true,
      personId: true,
      createdAt: true,
    },
  });
}
