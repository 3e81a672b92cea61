/** Where Record keeps each rotation's evidence beyond Step Functions' 90 days: S3, or nowhere when unconfigured. */
import { rotatorSettings } from '../config/container-settings.ts';
import type { EvidenceArchive } from '../rotation/ports.ts';
import { evidenceArchiveFor } from './aws/s3-evidence-archive.ts';

export const evidenceArchive: EvidenceArchive = evidenceArchiveFor(rotatorSettings);
