/**
 * CDK app entry (cdk.json: `node bin/app.ts`). Settings come from context,
 * e.g. `npx cdk synth -c akr:providers=aws -c akr:userPath=/rotated/`;
 * the keys are listed in lib/settings/rotator-context.ts.
 */
import { createRotatorApp } from '../lib/rotator-app.ts';

createRotatorApp().app.synth();
