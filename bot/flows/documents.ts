import type { Input } from '../../core/dialog';
import { toLocalDate } from '../../core/domain/zone';
import { formatDate } from '../../core/i18n';
import { documentsOf, recordDocument } from '../../core/services/documents';
import type { Answer, CommandHandler } from '../engine/engine';
import { button, type FlowContext, say } from '../engine/flow';

/**
 * Documents: a photo or file sent outside a flow is kept (Document row; the channel stored the
 * bytes before the turn), «Мои документы» (`cmd:documents`, `/documents`) lists them.
 */
export const DOCUMENTS_BUTTON_DATA = 'cmd:documents';

export async function answerFile(ctx: FlowContext, file: Extract<Input, { type: 'file' }>): Promise<Answer> {
  const result = await recordDocument(ctx.app, ctx.tx, {
    file,
    conversationId: ctx.conversation.id,
    personId: ctx.conversation.personId,
    now: ctx.now,
  });
  const maxMb = ctx.app.config.DOCUMENTS_MAX_MB;
  if (result.ok) {
    return {
      understood: true,
      replies: [
        say('documents-saved', { name: result.fileName }, [
          [button('documents-button', DOCUMENTS_BUTTON_DATA)],
        ]),
      ],
      menu: false,
    };
  }
  const reason = { type: 'documents-type', too_large: 'documents-too-large', not_stored: 'documents-failed' }[
    result.reason
  ];
  return { understood: true, replies: [say(reason, { maxMb })], menu: false };
}

/** «1,2 МБ» / «245 КБ» (the same abbreviations in ru and kk). */
export function formatSize(bytes: number): string {
  const format = (value: number) =>
    new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 }).format(value).replace(/\u202f/g, '\u00a0');
  if (bytes >= 1024 * 1024) return `${format(bytes / 1024 / 1024)} МБ`;
  return `${format(Math.max(1, Math.round(bytes / 1024)))} КБ`;
}

export const documentsCommand: CommandHandler = async (ctx) => {
  const personId = ctx.conversation.personId;
  const documents = await documentsOf(
    ctx.tx,
    personId ? { personId } : { conversationId: ctx.conversation.id },
    { take: 30 },
  );
  if (documents.length === 0) return [say('documents-none')];
  const list = documents
    .map(
      (doc) =>
        `• ${doc.fileName} — ${formatDate(ctx.language, toLocalDate(doc.createdAt, 'Asia/Almaty'))}, ${formatSize(doc.size)}`,
    )
    .join('\n');
  return [say('documents-list', { count: documents.length, list })];
};
