// @ts-check
/**
 * Lexicon-based sentiment scorer with simple negation ("not good" -> negative).
 *
 * Versions:
 * - 1.x: word weights + negation.
 * - 2.x and later: also intensifiers ("very good" counts 1.5x) and downtoners ("slightly" 0.5x).
 */

/** Positive words and their weights (1 = mild, 3 = strong). */
const POSITIVE = {
  good: 2, great: 3, excellent: 3, amazing: 3, awesome: 3, love: 3, loved: 3, loving: 2, like: 1, liked: 1,
  nice: 2, happy: 2, glad: 2, pleased: 2, fantastic: 3, wonderful: 3, fast: 1, quick: 1, easy: 1, helpful: 2,
  smooth: 1, reliable: 2, perfect: 3, best: 3, better: 1, fine: 1, clean: 1, friendly: 2, recommend: 2,
  thanks: 1, thank: 1, works: 1, working: 1, fixed: 1, solid: 1, enjoy: 2, enjoyed: 2, impressive: 2,
  brilliant: 3, delighted: 3, satisfied: 2, useful: 2, intuitive: 2, stable: 1, affordable: 1, pleasant: 2,
};

/** Negative words and their weights (positive numbers; the sign is applied on lookup). */
const NEGATIVE = {
  bad: 2, terrible: 3, awful: 3, horrible: 3, hate: 3, hated: 3, poor: 2, slow: 1, broken: 2, bug: 1,
  buggy: 2, crash: 2, crashes: 2, crashed: 2, error: 1, errors: 1, fail: 2, fails: 2, failed: 2, failure: 2,
  worst: 3, worse: 2, annoying: 2, angry: 2, disappointed: 2, disappointing: 2, useless: 3, confusing: 2,
  frustrating: 2, frustrated: 2, expensive: 1, unhappy: 2, sad: 2, problem: 1, problems: 1, issue: 1,
  issues: 1, ugly: 2, laggy: 2, unreliable: 2, unstable: 2, wrong: 1, refund: 1, scam: 3, rude: 2, lost: 1,
};

const NEGATORS = new Set(["not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "hardly", "without", "cannot", "dont", "cant", "wont", "isnt", "wasnt", "arent", "doesnt", "didnt"]);
const INTENSIFIERS = /** @type {Record<string, number>} */ ({ very: 1.5, really: 1.5, extremely: 2, so: 1.3, super: 1.5, incredibly: 2, totally: 1.5, absolutely: 1.8 });
const DOWNTONERS = /** @type {Record<string, number>} */ ({ slightly: 0.5, somewhat: 0.6, "kind": 0.7, bit: 0.6, barely: 0.4, little: 0.7 });

/** How many following words a negator affects. */
const NEGATION_WINDOW = 3;

/** @typedef {{ word: string, score: number }} WordScore */
/** @typedef {{ label: "positive" | "negative" | "neutral", score: number, words: WordScore[] }} SentimentResult */

/**
 * Words of a text, lowercased, punctuation removed (apostrophes kept).
 * @param {string} text
 * @returns {string[]}
 */
export function words(text) {
  return text.toLowerCase().match(/[a-z0-9']+/g)?.map((w) => w.replace(/^'+|'+$/g, "")).filter(Boolean) ?? [];
}

/** @param {string} word */
function isNegator(word) {
  return NEGATORS.has(word) || word.endsWith("n't");
}

/**
 * Base lexicon weight of a word (positive, negative or 0).
 * @param {string} word
 */
export function lexiconWeight(word) {
  if (Object.hasOwn(POSITIVE, word)) return POSITIVE[/** @type {keyof typeof POSITIVE} */ (word)];
  if (Object.hasOwn(NEGATIVE, word)) return -NEGATIVE[/** @type {keyof typeof NEGATIVE} */ (word)];
  return 0;
}

/**
 * Scores every word of a text and the whole text.
 * @param {string} text
 * @param {string} version
 * @returns {SentimentResult}
 */
export function analyze(text, version) {
  const major = Number.parseInt(String(version).replace(/^v/i, ""), 10);
  const useModifiers = Number.isFinite(major) && major >= 2;
  /** @type {WordScore[]} */
  const scored = [];
  let negationLeft = 0;
  let modifier = 1;
  let total = 0;
  for (const word of words(text)) {
    let score = 0;
    if (isNegator(word)) {
      negationLeft = NEGATION_WINDOW;
    } else if (useModifiers && Object.hasOwn(INTENSIFIERS, word)) {
      modifier *= INTENSIFIERS[word];
    } else if (useModifiers && Object.hasOwn(DOWNTONERS, word)) {
      modifier *= DOWNTONERS[word];
    } else {
      const weight = lexiconWeight(word);
      if (weight !== 0) {
        score = weight * modifier;
        if (negationLeft > 0) {
          score = -score * 0.8; // "not good" is negative, a little milder than "bad"
          negationLeft = 0;
        }
        modifier = 1;
      } else {
        modifier = 1;
        if (negationLeft > 0) negationLeft--;
      }
    }
    score = Math.round(score * 100) / 100;
    total += score;
    scored.push({ word, score });
  }
  total = Math.round(total * 100) / 100;
  const label = total > 0.25 ? "positive" : total < -0.25 ? "negative" : "neutral";
  return { label, score: total, words: scored };
}
