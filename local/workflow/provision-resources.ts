/**
 * Creates what a local run needs on its AWS endpoint (tables, topics,
 * buckets). Every call is bounded, so an endpoint that accepts connections
 * and never answers fails the run within seconds; the failure then says
 * which call hung at which endpoint, and what to do about it.
 */
import { TransientError } from '../../lambdas/rotation/rotation-errors.ts';
import { provisionBuckets } from './provision-buckets.ts';
import { provisionTables } from './provision-tables.ts';
import { provisionTopics } from './provision-topics.ts';
import type { SynthesizedTable } from './synthesized-workflow.ts';
import type { CfnTemplate } from './template-intrinsics.ts';

export async function provisionLocalResources(
  endpoint: string,
  tables: readonly SynthesizedTable[],
  template: CfnTemplate,
): Promise<void> {
  try {
    await provisionTables(tables);
    await provisionTopics(template);
    await provisionBuckets(template);
  } catch (error) {
    if (!(error instanceof TransientError)) throw error;
    throw new TransientError(
      `setting up the local run at ${endpoint} failed: ${error.message}. Check that ${endpoint} ` +
        'answers, or unset AWS_ENDPOINT_URL to use the embedded local cloud',
      { cause: error },
    );
  }
}
