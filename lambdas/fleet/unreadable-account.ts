/**
 * An account Discover could not read, as the run reports it: the error's
 * name and its message, shortened. AWS messages name the role and the action
 * refused ("… is not authorized to perform: sts:AssumeRole on resource: …"),
 * which is what the operator needs to fix the member role; they carry no key.
 */
import type { UnreadableAccount } from './fleet-state.ts';

export const UNREADABLE_CAUSE_LIMIT = 500;

function shorten(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

export function unreadableAccount(account: string, error: unknown): UnreadableAccount {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    message?: unknown;
  };
  const name = typeof shape.name === 'string' && shape.name !== '' ? shape.name : 'Error';
  const message = typeof shape.message === 'string' ? shape.message : String(error);
  return { account, error: shorten(name, 128), cause: shorten(message, UNREADABLE_CAUSE_LIMIT) };
}
