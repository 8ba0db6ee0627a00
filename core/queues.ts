import { type JobsOptions, Queue } from 'bullmq';
import { z } from 'zod';
import type { Redis } from './redis';

const notification = z.object({ notificationId: z.uuid() });

/** Channels delivered by a notifications worker; each has a queue (and rate limit) of its own. */
export const notifyChannels = ['telegram', 'webchat', 'sms', 'email', 'call', 'slack'] as const;
export type NotifyChannel = (typeof notifyChannels)[number];

export function notifyQueue(channel: NotifyChannel) {
  return `notify-${channel}` as const;
}

/**
 * Every queue of the product with the schema of its job payload, shared by producers and
 * workers. Workers parse payloads with these schemas before acting.
 */
export const jobPayloads = {
  /** deliver one outbox Notification row, one queue per channel */
  'notify-telegram': notification,
  'notify-webchat': notification,
  'notify-sms': notification,
  'notify-email': notification,
  'notify-call': notification,
  'notify-slack': notification,
  /** open a telemedicine account for an activation and e-mail its credentials */
  telemed: z.object({ activationId: z.uuid() }),
  /** announce the start of coverage of an activation (seed 000: 15 days after activation) */
  'coverage-start': z.object({ activationId: z.uuid() }),
  /** tell a DMS member that their franchise is effective: clinics can be visited (seed 002 item 3) */
  'franchise-effective': z.object({ memberId: z.uuid() }),
  /**
   * timelines (issue 7, docs/timelines.md): coverage expiry reminders `coverage-expiry.<activationId>.<step>`
   * (step `expiry-30d`, `expiry-7d`), scheduled in the activation transaction
   */
  'coverage-expiry': z.object({ activationId: z.uuid(), step: z.string().regex(/^[A-Za-z0-9_-]+$/) }),
  /** one step of a bill's reminder ladder: `bill-reminder.<billId>.<step>`, scheduled when the bill is issued */
  'bill-reminder': z.object({ billId: z.uuid(), step: z.string().regex(/^[A-Za-z0-9_-]+$/) }),
  /** the day after the due date: `bill-overdue.<billId>` (overdue, emergency-only transfer, member and HR told) */
  'bill-overdue': z.object({ billId: z.uuid() }),
  /** penalty accrual of overdue bills to the local date (job scheduler, idempotent: sets, never adds) */
  penalty: z.object({}),
  /** the monthly "look at your cabinet" digest of a programme: `digest.<programmeCode>.<YYYY-MM>` */
  digest: z.object({
    programmeId: z.uuid(),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  }),
  /** the 5-day duty after a contact change (seed 002 item 6): `contact-duty.<contactChangeId>` */
  'contact-duty': z.object({ contactChangeId: z.uuid() }),
  /** periodic upkeep: relay the outbox, re-create missing timeline jobs */
  /** issue franchise bills for service lines not billed yet (hourly; idempotent, docs/billing.md) */
  'bills-issue': z.object({}),
  /**
   * the employer's monthly debt report to its HR Slack channels (core/services/hr-notify.ts): an
   * empty payload is the hourly check of every linked employer; employerId + month sends that one
   */
  'hr-report': z.object({
    employerId: z.uuid().optional(),
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
      .optional(),
  }),
  maintenance: z.object({}),
} as const;

export type QueueName = keyof typeof jobPayloads;
export type JobPayload<N extends QueueName> = z.infer<(typeof jobPayloads)[N]>;
export const queueNames = Object.keys(jobPayloads) as QueueName[];

/** Deterministic BullMQ job id; BullMQ forbids ':' in custom ids. */
export function jobId(...parts: string[]): string {
  const id = parts.join('.');
  if (id.includes(':')) throw new Error(`job id must not contain ':' (${id})`);
  return id;
}

/** A job for `addBulk`; the payload is checked against its queue's schema. */
export interface QueuedJob {
  queue: QueueName;
  data: unknown;
  options: JobsOptions & { jobId: string };
}

export interface Queues {
  get<N extends QueueName>(name: N): Queue<JobPayload<N>>;
  add<N extends QueueName>(
    name: N,
    data: JobPayload<N>,
    options: JobsOptions & { jobId: string },
  ): Promise<void>;
  /** many jobs, one round trip per queue (a job whose id exists already is left as it is) */
  addBulk(jobs: QueuedJob[]): Promise<void>;
  all(): Queue[];
  close(): Promise<void>;
}

export const defaultJobOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export function createQueues(connection: Redis, prefix: string): Queues {
  const queues = new Map<QueueName, Queue>();
  const get = <N extends QueueName>(name: N): Queue<JobPayload<N>> => {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection, prefix, defaultJobOptions });
      queues.set(name, queue);
    }
    return queue as Queue<JobPayload<N>>;
  };
  return {
    get,
    async add(name, data, options) {
      const payload = jobPayloads[name].parse(data);
      await (get(name) as Queue).add(name, payload, options);
    },
    async addBulk(jobs) {
      const byQueue = new Map<QueueName, QueuedJob[]>();
      for (const job of jobs) byQueue.set(job.queue, [...(byQueue.get(job.queue) ?? []), job]);
      for (const [name, list] of byQueue) {
        const schema = jobPayloads[name];
        await (get(name) as Queue).addBulk(
          list.map((job) => ({ name, data: schema.parse(job.data), opts: job.options })),
        );
      }
    },
    all: () => queueNames.map((name) => get(name) as Queue),
    async close() {
      await Promise.all([...queues.values()].map((queue) => queue.close()));
    },
  };
}
