/**
 * A problem that stops injection of one workload, with the field it concerns. Injection steps throw it; the
 * workload boundary (inject-pod.ts) catches it and turns it into an error result, so nothing escapes run().
 */
import type { ResultCode } from '../krm/result.ts';

export class InjectionFailure extends Error {
  readonly field: string | undefined;
  readonly code: ResultCode;
  constructor(message: string, field?: string, code: ResultCode = 'INJECTION_FAILED') {
    super(message);
    this.field = field;
    this.code = code;
  }
}

export const fail = (message: string, field?: string, code?: ResultCode): never => {
  throw new InjectionFailure(message, field, code);
};

export const annotationField = (key: string): string => `metadata.annotations[${key}]`;
export const labelField = (key: string): string => `metadata.labels[${key}]`;
