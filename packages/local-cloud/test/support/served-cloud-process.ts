/**
 * A local cloud in a process of its own, on a given state dir and home
 * account, as another `akr` process would start one: prints
 * `ENDPOINT <url>` once it listens, and serves until killed.
 *
 * Usage: node served-cloud-process.ts <stateDir> <accountId>
 */
import { startLocalCloud } from '../../src/index.ts';

const [stateDir = '', accountId = ''] = process.argv.slice(2);
const cloud = await startLocalCloud({ stateDir, accountId });
console.log(`ENDPOINT ${cloud.endpoint}`);
process.on('SIGTERM', () => {
  void cloud.close().then(() => process.exit(0));
});
