import type { PiiProtector } from '../crypto';
import type { Notification } from '../generated/prisma/client';
import type { I18n, Language } from '../i18n';
import type { Mailer } from '../integrations/mailer';
import { noticeParams } from './params';
import { type DeliveryResult, type NoticePerson, type NotificationSender, renderNotice } from './types';

/**
 * E-mail notices (outbox rows of channel `email`): body = the Notification's Fluent template, subject
 * = `<template>-subject` when that message exists, else `mail-subject-default`; in the person's
 * language; to Notification.address or Person.email. SMTP 5xx → permanent, anything else transient.
 */
export interface EmailSenderDeps {
  mailer: Mailer;
  i18n: I18n;
  /** decrypts `<name>Cipher` params (one-time codes) just before sending */
  pii: Pick<PiiProtector, 'decrypt'>;
}

export function emailError(error: unknown): DeliveryResult & { ok: false } {
  const code = (error as { responseCode?: number }).responseCode;
  const message = `e-mail: ${String((error as Error)?.message ?? error)}`;
  return { ok: false, error: message, permanent: typeof code === 'number' && code >= 500 };
}

export function createEmailSender(deps: EmailSenderDeps): NotificationSender {
  return {
    channel: 'email',
    async send(notification: Notification, person: NoticePerson | null): Promise<DeliveryResult> {
      const to = notification.address ?? person?.email;
      if (!to) return { ok: false, error: 'no e-mail address for this notice', permanent: true };
      const language: Language = person?.language ?? 'ru';
      const params = noticeParams(notification.params, deps.pii);
      const rendered = renderNotice(notification.template, () => {
        const subjectKey = deps.i18n.has(`${notification.template}-subject`, language)
          ? `${notification.template}-subject`
          : 'mail-subject-default';
        return {
          subject: deps.i18n.t(language, subjectKey, params),
          text: `${deps.i18n.t(language, notification.template, params)}\n\n${deps.i18n.t(language, 'mail-footer')}`,
        };
      });
      if (!rendered.ok) return rendered;
      const { subject, text } = rendered.value;
      try {
        const sent = await deps.mailer.send({
          to,
          subject,
          text,
          headers: { 'X-Dedupe-Key': notification.dedupeKey },
        });
        return { ok: true, providerMessageId: sent.messageId };
      } catch (error) {
        return emailError(error);
      }
    },
  };
}
