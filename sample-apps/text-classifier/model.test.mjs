// @ts-check
import { describe, expect, it } from "vitest";
import { parseCsv } from "../csv-table.mjs";
import { accuracy, features, loadExamples, loadHoldout, LABELS, tokenize, trainForVersion } from "./model.mjs";

describe("support-message data sets", () => {
  it("have enough rows of every label, and every third of the training data covers all labels", () => {
    const training = loadExamples();
    const holdout = loadHoldout();
    expect(training.length).toBeGreaterThanOrEqual(180);
    expect(holdout.length).toBeGreaterThanOrEqual(45);
    for (const label of LABELS) {
      expect(holdout.filter((e) => e.label === label).length).toBeGreaterThanOrEqual(15);
      expect(training.slice(0, training.length / 3).filter((e) => e.label === label).length).toBeGreaterThanOrEqual(20);
    }
    for (const e of [...training, ...holdout]) {
      expect(LABELS).toContain(e.label);
      expect(e.text.length).toBeGreaterThan(0);
    }
    const trainingTexts = new Set(training.map((e) => e.text.toLowerCase()));
    expect(holdout.filter((e) => trainingTexts.has(e.text.toLowerCase()))).toEqual([]);
  });

  it("parses quoted CSV fields", () => {
    expect(parseCsv('text,label\n"a, ""b""",x\r\nc,y\n')).toEqual([
      ["text", "label"],
      ['a, "b"', "x"],
      ["c", "y"],
    ]);
  });
});

describe("naive Bayes text classifier", () => {
  it("tokenizes into lowercase words and adds bigrams for v2", () => {
    expect(tokenize("My CARD was charged, twice!")).toEqual(["my", "card", "was", "charged", "twice"]);
    expect(features("card charged twice", 2)).toEqual(["card", "charged", "twice", "card_charged", "charged_twice"]);
  });

  it("v2 (bigrams, all data) beats v1 (unigrams, first third) on the holdout, and v2 >= 0.8", () => {
    const holdout = loadHoldout();
    const v1 = accuracy(trainForVersion("1.0.0"), holdout);
    const v2 = accuracy(trainForVersion("2.0.0"), holdout);
    expect(v2).toBeGreaterThan(v1);
    expect(v2).toBeGreaterThanOrEqual(0.8);
  });

  it("trains quickly and predicts deterministically with scores that sum to ~1", () => {
    const started = performance.now();
    const a = trainForVersion("2.1.0");
    expect(performance.now() - started).toBeLessThan(200);
    const b = trainForVersion("2.1.0");
    const text = "I was charged twice and need a refund";
    const first = a.predict(text);
    expect(first.label).toBe("billing");
    expect(b.predict(text)).toEqual(first);
    expect(a.predict(text)).toEqual(first);
    const total = Object.values(first.scores).reduce((s, x) => s + x, 0);
    expect(total).toBeCloseTo(1, 2);
    expect(Object.keys(first.scores).sort()).toEqual([...LABELS].sort());
  });

  it("falls back to the class prior for text with no known words", () => {
    const prediction = trainForVersion("2.0.0").predict("zzzz qqqq");
    expect(LABELS).toContain(prediction.label);
  });
});
