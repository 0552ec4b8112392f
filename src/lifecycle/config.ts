/** `spec.lifecycle` of the functionConfig: preStop sleeps, grace periods, Jobs, native-sidecar adoption (issue: lifecycle). */
import { z } from 'zod';

export const lifecycleSchema = z.strictObject({}).prefault({});

export type LifecycleConfig = z.infer<typeof lifecycleSchema>;
