/** The version `akr --version` prints: the package's own, so a release cannot forget to bump it. */
import packageJson from '../package.json' with { type: 'json' };

export const AKR_VERSION: string = packageJson.version;
