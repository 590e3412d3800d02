// @ts-check
/**
 * Multinomial naive Bayes text classifier with Laplace (add-one) smoothing.
 *
 * Versions:
 * - 1.x: unigram features, trained on the first third of data/support-messages.csv.
 * - 2.x and later: unigrams + bigrams, trained on all of it.
 */
import { readCsvRecords } from "../csv-table.mjs";

export const LABELS = /** @type {const} */ (["billing", "technical", "account"]);

const TRAINING_FILE = new URL("./data/support-messages.csv", import.meta.url);
const HOLDOUT_FILE = new URL("./data/holdout.csv", import.meta.url);

/** @typedef {{ text: string, label: string }} Example */
/** @typedef {{ label: string, scores: Record<string, number> }} Prediction */
/** @typedef {{ ngrams: 1 | 2, trainingFraction: number }} ModelSpec */

/**
 * Lowercase word tokens (letters, digits, apostrophes).
 * @param {string} text
 * @returns {string[]}
 */
export function tokenize(text) {
  return text.toLowerCase().match(/[a-z0-9']+/g)?.map((t) => t.replace(/^'+|'+$/g, "")).filter(Boolean) ?? [];
}

/**
 * Features for a text: unigrams, plus "a_b" bigrams when ngrams = 2.
 * @param {string} text
 * @param {1 | 2} ngrams
 * @returns {string[]}
 */
export function features(text, ngrams) {
  const tokens = tokenize(text);
  if (ngrams === 1) return tokens;
  const out = tokens.slice();
  for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]}_${tokens[i + 1]}`);
  return out;
}

/**
 * @param {string | URL} [file]
 * @returns {Example[]}
 */
export function loadExamples(file = TRAINING_FILE) {
  return readCsvRecords(file).map((r) => ({ text: r.text ?? "", label: r.label ?? "" }));
}

/** @returns {Example[]} */
export function loadHoldout() {
  return loadExamples(HOLDOUT_FILE);
}

/**
 * Model specification for a version string.
 * @param {string} version
 * @returns {ModelSpec}
 */
export function specForVersion(version) {
  const major = Number.parseInt(String(version).replace(/^v/i, ""), 10);
  if (!Number.isFinite(major) || major <= 1) return { ngrams: 1, trainingFraction: 1 / 3 };
  return { ngrams: 2, trainingFraction: 1 };
}

export class NaiveBayesClassifier {
  /**
   * @param {Example[]} examples
   * @param {{ ngrams?: 1 | 2, alpha?: number }} [options]
   */
  constructor(examples, options = {}) {
    this.ngrams = options.ngrams ?? 1;
    this.alpha = options.alpha ?? 1;
    this.labels = [...LABELS].filter((l) => examples.some((e) => e.label === l));
    /** @type {Map<string, Map<string, number>>} */
    this.featureCounts = new Map(this.labels.map((l) => [l, new Map()]));
    /** @type {Map<string, number>} */
    this.totalFeatures = new Map(this.labels.map((l) => [l, 0]));
    /** @type {Map<string, number>} */
    this.docCounts = new Map(this.labels.map((l) => [l, 0]));
    /** @type {Set<string>} */
    this.vocabulary = new Set();
    for (const { text, label } of examples) {
      const counts = this.featureCounts.get(label);
      if (!counts) throw new Error(`unknown label ${JSON.stringify(label)}`);
      this.docCounts.set(label, (this.docCounts.get(label) ?? 0) + 1);
      for (const f of features(text, this.ngrams)) {
        counts.set(f, (counts.get(f) ?? 0) + 1);
        this.totalFeatures.set(label, (this.totalFeatures.get(label) ?? 0) + 1);
        this.vocabulary.add(f);
      }
    }
    this.documentCount = examples.length;
  }

  /**
   * Posterior probabilities per label (features unseen in training are ignored).
   * @param {string} text
   * @returns {Prediction}
   */
  predict(text) {
    const feats = features(text, this.ngrams).filter((f) => this.vocabulary.has(f));
    const v = this.vocabulary.size;
    /** @type {Record<string, number>} */
    const logScores = {};
    for (const label of this.labels) {
      const counts = /** @type {Map<string, number>} */ (this.featureCounts.get(label));
      const denominator = (this.totalFeatures.get(label) ?? 0) + this.alpha * v;
      let score = Math.log((this.docCounts.get(label) ?? 0) / this.documentCount);
      for (const f of feats) score += Math.log(((counts.get(f) ?? 0) + this.alpha) / denominator);
      logScores[label] = score;
    }
    const max = Math.max(...Object.values(logScores));
    const exp = Object.fromEntries(Object.entries(logScores).map(([l, s]) => [l, Math.exp(s - max)]));
    const sum = Object.values(exp).reduce((a, b) => a + b, 0);
    /** @type {Record<string, number>} */
    const scores = {};
    let best = this.labels[0];
    for (const label of this.labels) {
      scores[label] = Math.round((exp[label] / sum) * 1e4) / 1e4;
      if (exp[label] > exp[best]) best = label;
    }
    return { label: best, scores };
  }
}

/**
 * Trains the classifier for a model version.
 * @param {string} version
 * @param {Example[]} [examples]
 */
export function trainForVersion(version, examples = loadExamples()) {
  const spec = specForVersion(version);
  const count = Math.round(examples.length * spec.trainingFraction);
  return new NaiveBayesClassifier(examples.slice(0, count), { ngrams: spec.ngrams });
}

/**
 * Fraction of examples whose predicted label matches.
 * @param {NaiveBayesClassifier} model
 * @param {Example[]} examples
 */
export function accuracy(model, examples) {
  if (examples.length === 0) return 0;
  const correct = examples.filter((e) => model.predict(e.text).label === e.label).length;
  return correct / examples.length;
}
