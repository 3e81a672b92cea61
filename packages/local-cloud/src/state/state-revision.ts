/**
 * Counts the changes to the live state that bypass the recording proxies: an
 * undo, a catch-up with another store's journal lines, a reload. Indexes
 * derived from the state (the IAM access-key index) are kept current by the
 * writes that go through their own helpers; when this counter moves, they
 * cannot know what changed and rebuild instead.
 */
let revision = 0;

export function stateRevision(): number {
  return revision;
}

export function stateRewritten(): void {
  revision += 1;
}
