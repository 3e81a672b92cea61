/**
 * The AWS rotation under every fault kind at every IAM, STS, Secrets Manager,
 * DynamoDB, SNS and EventBridge call it makes, and under a crash after each
 * task's side effect: see support/define-fault-matrix-tests.ts.
 */
import { defineFaultMatrixTests } from './support/define-fault-matrix-tests.ts';

await defineFaultMatrixTests('aws');
