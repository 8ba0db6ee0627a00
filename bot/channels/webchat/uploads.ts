import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../../core/context';
import type { Input } from '../../../core/dialog';
import type { I18n } from '../../../core/i18n';
import {
  cleanFileName,
  createDocumentStore,
  type DocumentMimeType,
  sniffDocumentType,
} from '../../../core/integrations/document-store';
import type { DialogEngine } from '../../engine/engine';
import { authorizeConversation, webchatTurn } from './auth';

/**
 * Document upload of the web chat (docs/selfservice.md):
 *
 *   POST /api/chat/conversations/:id/files   Authorization: Bearer <token>
 *   Content-Type: multipart/form-data; one file part (any field name)
 *
 * The bytes are checked (PDF, JPEG, PNG or HEIC by their first bytes; at most DOCUMENTS_MAX_MB) and
 * stored in the document store, then the dialog gets a `file` input and answers as to any message:
 * `200 { replies, language, document: { fileName, mimeType, size } }`. A refused file is a dialog
 * turn too (the bot says why; the history keeps it): `413` (too large) or `415` (type) with
 * `{ error, message, replies, language }`. `400` without a file part, `401`/`404` as for messages.
 */
export interface WebchatUploadOptions {
  /** secret of the web chat tokens; default: config.piiKey (as webchatRoutes) */
  tokenSecret?: string;
}

export function webchatUploadRoutes(
  ctx: AppContext,
  engine: DialogEngine,
  i18n: I18n,
  options: WebchatUploadOptions = {},
): FastifyPluginAsync {
  const secret = options.tokenSecret ?? ctx.config.piiKey;
  const store = createDocumentStore(ctx.config);
  // the file part and a little for the multipart envelope
  const bodyLimit = store.maxBytes + 64 * 1024;

  return async (app) => {
    await app.register(multipart, {
      limits: { fileSize: store.maxBytes, files: 1, fields: 5, fieldSize: 1024, parts: 6 },
    });

    app.post('/api/chat/conversations/:id/files', { bodyLimit }, async (request, reply) => {
      const conversation = await authorizeConversation(ctx, secret, request, reply);
      if (!conversation) return reply;
      if (!request.isMultipart())
        return reply
          .code(400)
          .send({ error: 'bad_request', message: 'multipart/form-data with one file expected' });

      const part = await request.file();
      if (!part) return reply.code(400).send({ error: 'bad_request', message: 'no file in the request' });
      let bytes: Buffer | null = null;
      try {
        bytes = await part.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw error;
      }
      const declared = part.filename || 'document';
      const turn = (input: Input) => webchatTurn(engine, i18n, conversation, input);

      if (!bytes || bytes.byteLength > store.maxBytes) {
        const answer = await turn({
          type: 'file',
          fileName: declared.slice(0, 120),
          mimeType: part.mimetype,
          size: store.maxBytes + 1,
          storageRef: 'rejected:too_large',
        });
        return reply
          .code(413)
          .send({ error: 'too_large', message: `at most ${ctx.config.DOCUMENTS_MAX_MB} MB`, ...answer });
      }
      const type: DocumentMimeType | null = sniffDocumentType(bytes);
      if (!type) {
        const answer = await turn({
          type: 'file',
          fileName: declared.slice(0, 120),
          mimeType: 'application/octet-stream',
          size: bytes.byteLength,
          storageRef: 'rejected:type',
        });
        return reply
          .code(415)
          .send({ error: 'unsupported_type', message: 'PDF, JPEG, PNG or HEIC only', ...answer });
      }
      const stored = await store.save(bytes, type, ctx.clock.now());
      const fileName = cleanFileName(declared, type);
      const answer = await turn({
        type: 'file',
        fileName,
        mimeType: type,
        size: stored.size,
        storageRef: stored.storageRef,
      });
      return { ...answer, document: { fileName, mimeType: type, size: stored.size } };
    });
  };
}
