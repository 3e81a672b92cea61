/**
 * The Yandex rotation under every fault kind at every Yandex IAM, Operation and
 * Object Storage call (the token exchange included) and every AWS call it
 * makes, under failing Operations, and under a crash after each task's side
 * effect: see support/define-fault-matrix-tests.ts.
 */
import { defineFaultMatrixTests } from './support/define-fault-matrix-tests.ts';

await defineFaultMatrixTests('yandex');
