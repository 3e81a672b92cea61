/**
 * IAM is a global service and STS works in every region, so neither needs the
 * caller to pick one; a fixed fallback keeps them usable where no region is set
 * (a developer shell, the local cloud). In a module of its own, without the
 * SDK, so that naming the region loads no client.
 */
export function globalServiceRegion(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_REGION || 'us-east-1';
}
