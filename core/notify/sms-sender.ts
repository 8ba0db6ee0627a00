import type { PiiProtector } from '../crypto';
import type { Notification } from '../generated/prisma/client';
import { type MessageLanguage, type Translator, translate } from '../integrations/i18n-port';
import { SmsError, type SmsProvider } from '../integrations/sms';
import { noticeParams } from './params';
import { type NoticePerson, type NotificationSender, renderNotice } from './types';

/**
 * Delivers outbox rows of channel `sms`: the Fluent message `template` rendered with `params` in
 * the person's language, to `address` (or the person's phone).
 *
 * Conventions of the params:
 * - `lang` ('ru' | 'kk') picks the language when there is no person yet (a registration code);
 * - a param named `<name>Cipher` holds `pii.encrypt(value)` and is given to the message as `<name>`:
 *   one-time codes never sit in the outbox in clear.
 */
export interface SmsSenderDeps {
  provider: SmsProvider;
  i18n: Translator;
  pii: Pick<PiiProtector, 'decrypt'>;
}

export function createSmsSender(deps: SmsSenderDeps): NotificationSender {
  return {
    channel: 'sms',
    async send(notification: Notification, person: NoticePerson | null) {
      const to = notification.address ?? person?.phone ?? null;
      if (!to) return { ok: false, error: 'no phone number to send the SMS to', permanent: true };
      const text = renderNotice('the SMS', () => {
        const params = noticeParams(notification.params, deps.pii);
        const language: MessageLanguage =
          params.lang === 'kk' || params.lang === 'ru' ? params.lang : (person?.language ?? 'ru');
        return translate(deps.i18n, language, notification.template, params);
      });
      if (!text.ok) return text;
      try {
        const sent = await deps.provider.send(to, text.value, { reference: notification.id });
        return { ok: true, providerMessageId: sent.id };
      } catch (error) {
        // Retry-After was already honoured by the provider's own retries; no queue-wide pause for SMS
        if (error instanceof SmsError) return { ok: false, error: error.message, permanent: error.permanent };
        return { ok: false, error: (error as Error).message, permanent: false };
      }
    },
  };
}
