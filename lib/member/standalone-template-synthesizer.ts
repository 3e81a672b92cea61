/**
 * Synthesizes a stack as one self-contained template: no assets, no
 * parameters, no bootstrap version rule, and deployed with the CLI's own
 * credentials rather than the `cdk bootstrap` roles. The member-account
 * stacks use it so that the very same template works as a CloudFormation
 * StackSet (which has neither assets nor bootstrap) and with `cdk deploy`
 * into an account that was never bootstrapped.
 *
 * The legacy synthesizer is the one that deploys with the CLI's credentials;
 * it would turn an asset into a template parameter, so adding one is refused.
 */
import { type DockerImageAssetLocation, type FileAssetLocation, LegacyStackSynthesizer } from 'aws-cdk-lib';

export class StandaloneTemplateSynthesizer extends LegacyStackSynthesizer {
  override addFileAsset(): FileAssetLocation {
    throw new Error('A member-account stack is one standalone template: it cannot hold a file asset');
  }

  override addDockerImageAsset(): DockerImageAssetLocation {
    throw new Error('A member-account stack is one standalone template: it cannot hold an image asset');
  }
}
