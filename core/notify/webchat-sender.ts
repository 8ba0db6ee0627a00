import type { AppContext } from '../context';
import type { Notification } from '../generated/prisma/client';
import { noticeParams } from './params';
import { type DeliveryResult, type NotificationSender, noticeLinkButton } from './types';
import { pushToWebchat } from './webchat-push';

/**
 * Web chat notices: saved in the conversation's history and pushed to every open widget of it.
 * Notification.address is the conversation id. Rendering happens in the widget's server, in the
 * conversation's language, like any other reply.
 */
export function createWebchatSender(
  ctx: Pick<AppContext, 'db' | 'redis' | 'config' | 'clock'>,
): NotificationSender {
  return {
    channel: 'webchat',
    async send(notification: Notification): Promise<DeliveryResult> {
      if (!notification.address) return { ok: false, error: 'no web chat conversation', permanent: true };
      try {
        const button = noticeLinkButton(notification.params);
        await pushToWebchat(ctx, notification.address, [
          {
            type: 'text',
            text: { key: notification.template, params: noticeParams(notification.params) },
            ...(button ? { buttons: [[{ text: { key: button.key }, url: button.url }]] } : {}),
          },
        ]);
        return { ok: true };
      } catch (error) {
        return {
          ok: false,
          error: (error as Error).message,
          permanent: /no conversation/.test((error as Error).message),
        };
      }
    },
  };
}
