import { type FaqLanguage, stems } from './text';

/**
 * Scoring a free-text question against the FAQ entries (pure; no I/O).
 *
 * Per language, each entry's vocabulary is the set of stems of its questions and synonyms. A stem's
 * weight is its inverse document frequency over the entries, `ln(1 + N / df)`: «полис» appears in
 * many entries and weighs little, «франшиза» in two and weighs a lot.
 *
 * The score of an entry for a question is the weighted share of the question's stems that the entry
 * knows: Σ weight(matched stems) / Σ weight(all stems of the question). A stem matches exactly
 * (full weight) or by a common prefix of at least 5 letters (`PREFIX_CREDIT` of the weight). Stems
 * no entry knows weigh `UNKNOWN_WEIGHT` in the denominator, so a question full of unrelated words
 * scores low. The question is scored in both languages (users mix them); the best entry wins if its
 * score reaches the knowledge file's threshold. Equal scores are decided by the weighted Jaccard
 * similarity with the entry's closest question («Сколько действует полис?» is a question of the
 * coverage term, though the cooling-off entry knows both words too).
 */
export const PREFIX_LENGTH = 5;
export const PREFIX_CREDIT = 0.8;
export const UNKNOWN_WEIGHT = 1;

export interface FaqEntrySource {
  id: string;
  questions: Record<FaqLanguage, string[]>;
  synonyms: Record<FaqLanguage, string[]>;
}

interface LanguageIndex {
  /** entry id → its stems */
  vocabulary: Map<string, Set<string>>;
  /** entry id → the stems of each of its questions (for the tie-break) */
  questions: Map<string, Set<string>[]>;
  /** stem → weight */
  weight: Map<string, number>;
  /** first PREFIX_LENGTH letters → stems with that prefix */
  byPrefix: Map<string, Set<string>>;
}

export interface FaqIndex {
  entries: readonly string[];
  languages: Record<FaqLanguage, LanguageIndex>;
}

export interface FaqScore {
  id: string;
  /** weighted share of the question's stems the entry knows (0..1): compared with the threshold */
  score: number;
  /** weighted Jaccard similarity with the entry's closest question (0..1): breaks ties of `score` */
  closeness: number;
  language: FaqLanguage;
}

function buildLanguage(entries: readonly FaqEntrySource[], language: FaqLanguage): LanguageIndex {
  const vocabulary = new Map<string, Set<string>>();
  const questions = new Map<string, Set<string>[]>();
  const documentFrequency = new Map<string, number>();
  for (const entry of entries) {
    const set = new Set<string>();
    for (const text of [...entry.questions[language], ...entry.synonyms[language]]) {
      for (const s of stems(text, language)) set.add(s);
    }
    vocabulary.set(entry.id, set);
    questions.set(
      entry.id,
      entry.questions[language].map((text) => new Set(stems(text, language))),
    );
    for (const s of set) documentFrequency.set(s, (documentFrequency.get(s) ?? 0) + 1);
  }
  const weight = new Map<string, number>();
  const byPrefix = new Map<string, Set<string>>();
  for (const [s, df] of documentFrequency) {
    weight.set(s, Math.log(1 + entries.length / df));
    if (s.length >= PREFIX_LENGTH) {
      const key = s.slice(0, PREFIX_LENGTH);
      const bucket = byPrefix.get(key) ?? new Set<string>();
      bucket.add(s);
      byPrefix.set(key, bucket);
    }
  }
  return { vocabulary, questions, weight, byPrefix };
}

export function buildFaqIndex(entries: readonly FaqEntrySource[]): FaqIndex {
  return {
    entries: entries.map((entry) => entry.id),
    languages: { ru: buildLanguage(entries, 'ru'), kk: buildLanguage(entries, 'kk') },
  };
}

/** Every entry's score for `question` in one language, best first (entries scoring 0 left out). */
export function scoreIn(index: FaqIndex, question: string, language: FaqLanguage): FaqScore[] {
  const lang = index.languages[language];
  const asked = [...new Set(stems(question, language))];
  if (asked.length === 0) return [];
  // for each asked stem: the stems of the vocabulary it matches, with the credit of the match
  const matchesOf = asked.map((s) => {
    const found = new Map<string, number>();
    if (lang.weight.has(s)) found.set(s, 1);
    if (s.length >= PREFIX_LENGTH) {
      for (const other of lang.byPrefix.get(s.slice(0, PREFIX_LENGTH)) ?? []) {
        if (!found.has(other)) found.set(other, PREFIX_CREDIT);
      }
    }
    return found;
  });
  const weightOf = (s: string, found: Map<string, number>) => {
    if (lang.weight.has(s)) return lang.weight.get(s)!;
    let best = 0;
    for (const other of found.keys()) best = Math.max(best, lang.weight.get(other) ?? 0);
    return best > 0 ? best : UNKNOWN_WEIGHT;
  };
  const total = asked.reduce((sum, s, i) => sum + weightOf(s, matchesOf[i]!), 0);
  const scores: FaqScore[] = [];
  for (const id of index.entries) {
    const vocabulary = lang.vocabulary.get(id)!;
    let matched = 0;
    asked.forEach((s, i) => {
      let credit = 0;
      for (const [other, c] of matchesOf[i]!) if (vocabulary.has(other)) credit = Math.max(credit, c);
      matched += credit * weightOf(s, matchesOf[i]!);
    });
    if (matched > 0) {
      scores.push({ id, score: matched / total, closeness: closeness(lang, id, asked), language });
    }
  }
  return scores.sort(byRank);
}

/** Weighted Jaccard of the asked stems and each question of the entry (exact stems only); the best. */
function closeness(lang: LanguageIndex, id: string, asked: string[]): number {
  const w = (s: string) => lang.weight.get(s) ?? UNKNOWN_WEIGHT;
  const mine = new Set(asked);
  let best = 0;
  for (const question of lang.questions.get(id) ?? []) {
    let both = 0;
    let either = 0;
    for (const s of new Set([...mine, ...question])) {
      either += w(s);
      if (mine.has(s) && question.has(s)) both += w(s);
    }
    if (either > 0) best = Math.max(best, both / either);
  }
  return best;
}

const EPSILON = 1e-9;

/** Higher score first; equal scores (within rounding) by closeness to one of the entry's questions. */
function byRank(a: FaqScore, b: FaqScore): number {
  if (Math.abs(a.score - b.score) > EPSILON) return b.score - a.score;
  return b.closeness - a.closeness;
}

/** The best entry over both languages, or null when nothing reaches `threshold`. */
export function bestMatch(index: FaqIndex, question: string, threshold: number): FaqScore | null {
  const all = [...scoreIn(index, question, 'ru'), ...scoreIn(index, question, 'kk')].sort(byRank);
  const best = all[0];
  return best && best.score >= threshold ? best : null;
}
