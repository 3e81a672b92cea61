/**
 * The choices a deployment makes that both its settings (config/) and the
 * rules (rotation/, fleet/) speak of. They live below both, so config reads
 * them without importing the rules that import config.
 */

export type Provider = 'aws' | 'yandex';

/** What to do when the old key was used after the new one was published. */
export type OldKeyInUsePolicy = 'defer' | 'alert' | 'fail';
