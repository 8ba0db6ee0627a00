import type { Notification } from '../../core/generated/prisma/client';

/** A Notification row as the notifications worker hands it to a sender: queued, never tried. */
export function queuedNotification(
  row: Pick<Notification, 'id' | 'dedupeKey' | 'channel' | 'template' | 'params'> & Partial<Notification>,
): Notification {
  return {
    personId: null,
    address: null,
    status: 'queued',
    attempts: 0,
    lastError: null,
    notBefore: new Date(),
    createdAt: new Date(),
    queuedAt: new Date(),
    sentAt: null,
    providerMessageId: null,
    billId: null,
    ...row,
  };
}
