/**
 * DynamoDB refuses reserved words used directly as attribute names in
 * expressions. The real list has several hundred entries; this is the subset a
 * lock or state table plausibly uses, so the classic mistake (writing `status`
 * or `ttl` instead of `#status`) fails locally as it would in AWS.
 */
const RESERVED = new Set(
  [
    'ABORT ACTION ADD ALL AND ANY AS ASC BETWEEN BY CASE COUNT CREATE CURRENT DATA DATE DELETE DESC',
    'END EXISTS FROM GROUP HASH IN INDEX IS KEY KEYS LEVEL LIMIT NAME NOT NULL OR ORDER OWNER PATH',
    'RANGE SESSION SIZE STATE STATUS TABLE TIME TIMESTAMP TTL TYPE USER VALUE VALUES WHERE',
  ]
    .join(' ')
    .split(' '),
);

export function isReservedWord(name: string): boolean {
  return RESERVED.has(name.toUpperCase());
}
