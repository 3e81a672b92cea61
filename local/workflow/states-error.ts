/**
 * An error as Step Functions names it (`States.ItemReaderFailed`, …): the
 * library matches Retry and Catch on an error's `name`, so a failure the
 * runner raises itself is caught exactly as the deployed one would be.
 */
export class StatesError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}
