/**
 * The record of every port call the fakes receive, so a test can assert what
 * was (or was not) changed, and a way to make one call fail before or after
 * its side effect, to replay a Lambda crash at exactly that point.
 */

export interface PortCall {
  /** `port.method`, such as `keys.createKey`. */
  readonly call: string;
  readonly args: readonly unknown[];
  readonly mutating: boolean;
}

export type FaultTiming = 'before' | 'after';

/** An error shaped like the SDK's, whose `name` is the service error code. */
export function serviceError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

export class CallLog {
  readonly calls: PortCall[] = [];
  private readonly faults: { call: string; when: FaultTiming; error: Error }[] = [];

  get mutations(): PortCall[] {
    return this.calls.filter((c) => c.mutating);
  }

  /** Names of the calls made, in order: easy to compare in one assertion. */
  names(options: { mutatingOnly?: boolean } = {}): string[] {
    return (options.mutatingOnly ? this.mutations : this.calls).map((c) => c.call);
  }

  /** The next `call` throws `error`, either before it takes effect or after (a lost response). */
  failNext(
    call: string,
    when: FaultTiming = 'before',
    error = serviceError('ServiceFailure', `${call} failed`),
  ) {
    this.faults.push({ call, when, error });
  }

  clear(): void {
    this.calls.length = 0;
  }

  async run<T>(call: string, mutating: boolean, args: unknown[], effect: () => T): Promise<T> {
    this.calls.push({ call, args, mutating });
    this.throwFault(call, 'before');
    const result = effect();
    this.throwFault(call, 'after');
    return result;
  }

  private throwFault(call: string, when: FaultTiming): void {
    const index = this.faults.findIndex((f) => f.call === call && f.when === when);
    const fault = index >= 0 ? this.faults.splice(index, 1)[0] : undefined;
    if (fault) throw fault.error;
  }
}
