/** Where Record keeps each rotation's evidence beyond Step Functions' 90 days: S3, or nowhere when unconfigured. */

import { evidenceArchiveFor } from '../adapters/aws/s3-evidence-archive.ts';
import { rotatorSettings } from '../config/container-settings.ts';
import type { EvidenceArchive } from '../rotation/ports.ts';

export const evidenceArchive: EvidenceArchive = evidenceArchiveFor(rotatorSettings);
