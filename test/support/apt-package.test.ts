/**
 * The test set-up's package installer, driven with a scripted apt-get: it
 * must wait for the apt lock, refresh the lists once before giving up, and
 * fail loudly (never skip) when the binary cannot be had.
 */
import { describe, expect, it } from 'vitest';
import { APT_LOCK_TIMEOUT_SECONDS, type AptPackage, ensureAptPackage } from './apt-package.ts';

const AWSCLI: AptPackage = {
  name: 'awscli',
  binary: '/usr/bin/aws',
  neededFor: 'to test with the AWS CLI v2',
};
const WAIT_FOR_LOCK = `apt-get -o DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT_SECONDS}`;

/** apt-get answering each call with the next status; a 0 install puts the binary in place. */
function scriptedAptGet(statuses: number[], installs = true) {
  const calls: string[] = [];
  const present = new Set<string>();
  const run = (command: string, args: string[]) => {
    calls.push(`${command} ${args.join(' ')}`);
    const status = statuses.shift() ?? 100;
    if (status === 0 && args.includes('install') && installs) present.add(AWSCLI.binary);
    return { status, output: status === 0 ? 'Setting up awscli' : 'E: Unable to locate package awscli' };
  };
  return { calls, run, exists: (path: string) => present.has(path) };
}

describe('ensureAptPackage', () => {
  it('runs nothing when the binary is already there', () => {
    const calls: string[] = [];

    const binary = ensureAptPackage(
      AWSCLI,
      (command) => {
        calls.push(command);
        return { status: 0, output: '' };
      },
      () => true,
    );

    expect(binary).toBe('/usr/bin/aws');
    expect(calls).toEqual([]);
  });

  it('installs, waiting for another apt run to release the lock', () => {
    const apt = scriptedAptGet([0]);

    expect(ensureAptPackage(AWSCLI, apt.run, apt.exists)).toBe('/usr/bin/aws');
    expect(apt.calls).toEqual([`${WAIT_FOR_LOCK} install -y awscli`]);
  });

  it('refreshes the package lists and tries again when the first install fails', () => {
    const apt = scriptedAptGet([100, 0, 0]);

    expect(ensureAptPackage(AWSCLI, apt.run, apt.exists)).toBe('/usr/bin/aws');
    expect(apt.calls).toEqual([
      `${WAIT_FOR_LOCK} install -y awscli`,
      `${WAIT_FOR_LOCK} update`,
      `${WAIT_FOR_LOCK} install -y awscli`,
    ]);
  });

  it('throws, naming the package, what it is for and apt-get’s words, when it cannot be installed', () => {
    const apt = scriptedAptGet([100, 100, 100]);

    expect(() => ensureAptPackage(AWSCLI, apt.run, apt.exists)).toThrow(
      /\/usr\/bin\/aws \(Debian package awscli\) is needed to test with the AWS CLI v2 .*apt-get install -y awscli.*Unable to locate package awscli/,
    );
    expect(apt.calls).toHaveLength(3);
  });

  it('throws when apt-get succeeds but the binary is still not where the test runs it', () => {
    const apt = scriptedAptGet([0], false);

    expect(() => ensureAptPackage(AWSCLI, apt.run, apt.exists)).toThrow(
      /\/usr\/bin\/aws .*could not be installed/,
    );
  });
});
