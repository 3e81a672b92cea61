/**
 * Runner-level crash after the side effect: wraps every task so that, when
 * armed for a state, its next invocation does all its work and then dies the
 * way Lambda reports a lost invocation, so Step Functions retries the step.
 */
import type { LocalRotatorOptions } from '../../../local/local-rotation.ts';

/** The error Lambda reports when an invocation dies (e.g. the container crashed). */
export class LambdaServiceError extends Error {
  override readonly name = 'Lambda.ServiceException';
}

export class TaskCrasher {
  #armed: string | undefined;
  /** States that crashed (the caller empties it between scenarios). */
  readonly crashed: string[] = [];

  crashOnceAfter(stateName: string): void {
    this.#armed = stateName;
  }

  disarm(): void {
    this.#armed = undefined;
  }

  readonly wrapTask: NonNullable<LocalRotatorOptions['wrapTask']> = (stateName, handler) => async (input) => {
    const result = await handler(input);
    if (this.#armed === stateName) {
      this.#armed = undefined;
      this.crashed.push(stateName);
      throw new LambdaServiceError(`${stateName} crashed after its side effect`);
    }
    return result;
  };
}
