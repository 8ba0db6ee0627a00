import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { bestMatch, buildFaqIndex, type FaqIndex, type FaqScore } from './match';
import type { FaqLanguage } from './text';

/**
 * The FAQ knowledge file (`config/faq.json`, built from the seeds): per entry, the questions people
 * ask and synonyms in Russian and Kazakh (for matching only), the Fluent id of the answer
 * (`faq-<id>` in locales/parts/selfservice.*.ftl, so answers are translated like every other
 * text), optional buttons (a flow, a command, a link) and the source it comes from.
 */
const ids = z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and "-"');
const perLanguage = z
  .object({ ru: z.array(z.string().min(1)).min(1), kk: z.array(z.string().min(1)).min(1) })
  .strict();

const FaqButton = z.union([
  z
    .object({
      key: ids,
      /** `flow:<name>` or `cmd:<name>` (≤ 64 bytes: Telegram's callback data limit) */
      data: z.string().regex(/^(flow|cmd):[a-z_]+$/),
    })
    .strict(),
  z.object({ key: ids, url: z.url() }).strict(),
]);
export type FaqButton = z.infer<typeof FaqButton>;

const FaqEntry = z
  .object({
    id: ids,
    /** where the answer comes from: "S000 item 4", "S002 item 7" */
    source: z.string().min(1),
    questions: perLanguage,
    synonyms: perLanguage,
    buttons: z.array(FaqButton).default([]),
  })
  .strict();
export type FaqEntry = z.infer<typeof FaqEntry>;

export const FaqFile = z
  .object({
    version: z.literal(1),
    /** minimal score (0..1) of the best entry; below it the bot offers an operator */
    threshold: z.number().gt(0).lte(1),
    entries: z.array(FaqEntry).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.entries.forEach((entry, index) => {
      if (seen.has(entry.id))
        ctx.addIssue({ code: 'custom', path: ['entries', index, 'id'], message: `duplicate id ${entry.id}` });
      seen.add(entry.id);
    });
  });
export type FaqFile = z.infer<typeof FaqFile>;

export const DEFAULT_FAQ_FILE = fileURLToPath(new URL('../../config/faq.json', import.meta.url));

export class FaqFileError extends Error {
  override name = 'FaqFileError';
}

export interface Faq {
  file: FaqFile;
  index: FaqIndex;
  entry(id: string): FaqEntry | undefined;
  /** the answer to a free-text question, or null (offer an operator) */
  match(question: string): (FaqScore & { entry: FaqEntry; answerKey: string }) | null;
}

export const answerKeyOf = (id: string) => `faq-${id}`;

export function createFaq(file: FaqFile): Faq {
  const index = buildFaqIndex(file.entries);
  const byId = new Map(file.entries.map((entry) => [entry.id, entry]));
  return {
    file,
    index,
    entry: (id) => byId.get(id),
    match(question) {
      const best = bestMatch(index, question.slice(0, 1000), file.threshold);
      if (!best) return null;
      return { ...best, entry: byId.get(best.id)!, answerKey: answerKeyOf(best.id) };
    },
  };
}

/** Reads and checks a knowledge file; every problem in one message. */
export function loadFaq(file = DEFAULT_FAQ_FILE): Faq {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new FaqFileError(`${path.basename(file)}: ${(error as Error).message}`);
  }
  const parsed = FaqFile.safeParse(raw);
  if (!parsed.success) {
    throw new FaqFileError(
      `${path.basename(file)}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  }
  return createFaq(parsed.data);
}

let cached: Faq | undefined;

/** The product's knowledge file, read once per process. */
export function productFaq(): Faq {
  cached ??= loadFaq();
  return cached;
}

export type { FaqLanguage };
