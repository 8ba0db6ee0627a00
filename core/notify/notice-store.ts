import DataLoader from 'dataloader';
import type { Database } from '../db';
import type { Notification } from '../generated/prisma/client';
import type { NoticePerson } from './types';

export interface LoadedNotice {
  notification: Notification;
  person: NoticePerson | null;
}

export interface SentMark {
  id: string;
  at: Date;
  providerMessageId: string | null;
}

/**
 * The two statements every notice costs, batched across the jobs a worker runs at once: reading
 * the notice with its person, and marking it sent. A job still waits for its own row to be read and
 * for its `sent` to be committed before it completes, so "confirmed sent is never sent again" holds.
 * Plain SQL: per notice, the ORM's query interpreter was 28 % of the fan-out bench's CPU
 * (docs/performance.md).
 */
export function createNoticeStore(prisma: Database['prisma'], windowMs = 2) {
  // gather the keys of the jobs that reach this point within a few ms, not only within one tick
  const schedule = { cache: false, batchScheduleFn: (run: () => void) => setTimeout(run, windowMs) };

  const notices = new DataLoader<string, LoadedNotice | null>(async (ids) => {
    const rows = await prisma.$queryRaw<(Notification & PersonColumns)[]>`
      SELECT n.*, p.language AS "personLanguage", p.phone AS "personPhone", p.email AS "personEmail",
             p."fullName" AS "personFullName"
      FROM "Notification" n LEFT JOIN "Person" p ON p.id = n."personId"
      WHERE n.id = ANY(${[...ids]}::uuid[])`;
    const byId = new Map(rows.map((row) => [row.id, toLoadedNotice(row)]));
    return ids.map((id) => byId.get(id) ?? null);
  }, schedule);

  const sent = new DataLoader<SentMark, true>(async (marks) => {
    await prisma.$executeRaw`
      UPDATE "Notification" n
      SET status = 'sent', "sentAt" = m.at, attempts = n.attempts + 1,
          "providerMessageId" = m."providerMessageId", "lastError" = NULL
      FROM unnest(${marks.map((mark) => mark.id)}::uuid[], ${marks.map((mark) => mark.at)}::timestamptz[],
                  ${marks.map((mark) => mark.providerMessageId)}::text[]) AS m(id, at, "providerMessageId")
      WHERE n.id = m.id`;
    return marks.map(() => true as const);
  }, schedule);

  return {
    load: (id: string) => notices.load(id),
    markSent: (mark: SentMark) => sent.load(mark).then(() => undefined),
  };
}

interface PersonColumns {
  personLanguage: NoticePerson['language'] | null;
  personPhone: string | null;
  personEmail: string | null;
  personFullName: string | null;
}

function toLoadedNotice(row: Notification & PersonColumns): LoadedNotice {
  const { personLanguage, personPhone, personEmail, personFullName, ...notification } = row;
  const person =
    notification.personId && personLanguage
      ? {
          id: notification.personId,
          language: personLanguage,
          phone: personPhone,
          email: personEmail,
          fullName: personFullName ?? '',
        }
      : null;
  return { notification, person };
}
