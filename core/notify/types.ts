import type { Notification, Person } from '../generated/prisma/client';

/** Outcome of one delivery attempt, stored on the Notification row. */
export type DeliveryResult =
  | { ok: true; providerMessageId?: string }
  /** retryAfterMs: the provider asked us to wait (Telegram 429 retry_after) */
  | { ok: false; error: string; permanent: boolean; retryAfterMs?: number };

/**
 * A notice's text from its template: a template that does not render fails for good (`permanent`:
 * sending again cannot help), with `what` in the error ("cannot render <what>: …").
 */
export function renderNotice<T>(
  what: string,
  render: () => T,
): { ok: true; value: T } | (DeliveryResult & { ok: false }) {
  try {
    return { ok: true, value: render() };
  } catch (error) {
    return { ok: false, error: `cannot render ${what}: ${(error as Error).message}`, permanent: true };
  }
}

/** What a sender may know of the notice's person: where to reach them, in which language, by name. */
export type NoticePerson = Pick<Person, 'id' | 'language' | 'phone' | 'email' | 'fullName'>;

/** Delivers outbox rows of one channel. Text comes from locales via the i18n module. */
export interface NotificationSender {
  channel: Notification['channel'];
  send(notification: Notification, person: NoticePerson | null): Promise<DeliveryResult>;
}

/** A link button a notice carries in its params (`buttonKey`: Fluent id of the label, `buttonUrl`). */
export function noticeLinkButton(params: unknown): { key: string; url: string } | undefined {
  if (!params || typeof params !== 'object') return undefined;
  const { buttonKey, buttonUrl } = params as Record<string, unknown>;
  return typeof buttonKey === 'string' && typeof buttonUrl === 'string'
    ? { key: buttonKey, url: buttonUrl }
    : undefined;
}
