/** `spec.dataplanes` of the functionConfig: Dataplane previews and mesh-wide lints (issue: Dataplane generation). */
import { z } from 'zod';

export const dataplanesSchema = z.strictObject({}).prefault({});

export type DataplanesConfig = z.infer<typeof dataplanesSchema>;
