// Counts and kinds in the English sentences both sides show people: "1 instance" and
// "3 instances" rather than "1 instance(s)", "an old-version pool" rather than "a old-version pool".

/** "1 instance", "0 instances", "3 instances"; pass the plural when it is not singular + "s". */
export function countNoun(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

// Words that start with a vowel letter but a consonant sound ("a unit", "a one-off", "a user"),
// and words that start with a silent h ("an hour").
const CONSONANT_SOUND = /^(uni|use|usu|ure|one|once|eu)/i;
const VOWEL_SOUND = /^(hour|honest|honou?r|heir)/i;

/** "a new-version pool", "an old-version pool", "an hour", "a unit". */
export function withIndefiniteArticle(phrase: string): string {
  const vowelSound = VOWEL_SOUND.test(phrase) || (/^[aeiou]/i.test(phrase) && !CONSONANT_SOUND.test(phrase));
  return `${vowelSound ? "an" : "a"} ${phrase}`;
}

const BYTE_UNITS = ["KiB", "MiB", "GiB", "TiB"] as const;

/**
 * "900 bytes", "512 KiB", "3.1 MiB": binary units, whole ones said exactly (so a limit such as
 * "512 MiB" reads the same in the API's errors, the worker's events and the console).
 */
export function formatByteSize(bytes: number): string {
  if (bytes < 1024) return countNoun(bytes, "byte");
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}
