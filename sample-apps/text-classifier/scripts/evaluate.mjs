// @ts-check
/**
 * Prints holdout accuracy per model version: node sample-apps/text-classifier/scripts/evaluate.mjs
 */
import { accuracy, loadExamples, loadHoldout, trainForVersion } from "../model.mjs";

const training = loadExamples();
const holdout = loadHoldout();
console.log(`training rows: ${training.length}, holdout rows: ${holdout.length}`);
for (const version of ["1.0.0", "2.0.0"]) {
  const started = performance.now();
  const model = trainForVersion(version, training);
  const trainMs = performance.now() - started;
  const acc = accuracy(model, holdout);
  const correct = Math.round(acc * holdout.length);
  console.log(
    `version ${version}: ${model.ngrams === 1 ? "unigrams" : "unigrams+bigrams"}, ` +
      `trained on ${model.documentCount} rows in ${trainMs.toFixed(1)} ms, ` +
      `holdout accuracy ${(acc * 100).toFixed(1)}% (${correct}/${holdout.length})`,
  );
}
