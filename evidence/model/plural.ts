/**
 * Counted nouns for the report's text: "1 key", "2 keys", "0 rotations".
 * English plural categories come from Intl.PluralRules, so 1 is "one" and 0,
 * 1.5 and 2 are "other", as English writes them. Every count the report
 * prints goes through here, so no format can say "1 keys".
 */
const ENGLISH = new Intl.PluralRules('en-US');

/** The noun alone, for a count shown apart (a summary card's label). */
export function noun(count: number, singular: string, plural = `${singular}s`): string {
  return ENGLISH.select(count) === 'one' ? singular : plural;
}

/** @param plural the plural form, when it is not the singular plus "s". */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${noun(count, singular, plural)}`;
}
