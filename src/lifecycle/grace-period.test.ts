/** The grace-period check: the sum it requires, the warning with the numbers, raising, and the drain time source. */
import { suite } from 'uvu';
import { SPEC_FIELD_NAMES } from '../config-field-names.ts';
import * as assert from 'uvu/assert';
import type { JsonObject } from '../krm/object.ts';
import { checkGracePeriod, sidecarDrainSeconds } from './grace-period.ts';

const INPUT = { preStopSeconds: 15, drainSeconds: 30, marginSeconds: 5, raise: false, configSetting: SPEC_FIELD_NAMES.setting };
const withGrace = (grace?: unknown): JsonObject =>
  ({ spec: { containers: [{ name: 'app' }], ...(grace === undefined ? {} : { terminationGracePeriodSeconds: grace }) } }) as JsonObject;

const check = suite('checkGracePeriod');

check('an unset grace period is 30s, short of 15 + 30 + 5: a warning with the numbers and the fix', () => {
  const template = withGrace();
  const out = checkGracePeriod(template, INPUT);
  assert.is(out.template, template);
  assert.equal(out.notes, [
    {
      severity: 'warning',
      code: 'GRACE_PERIOD_SHORT',
      field: 'spec.terminationGracePeriodSeconds',
      message:
        "`terminationGracePeriodSeconds` is unset (Kubernetes' default 30s), but shutting down can take 50s = preStop sleep 15s + sidecar drain time 30s + margin 5s, and at the end of the grace period Kubernetes kills what still runs: set `terminationGracePeriodSeconds: 50`, or `spec.lifecycle.gracePeriod.raise: true` to have it set",
    },
  ]);
});

check('exactly the sum is enough', () => {
  assert.equal(checkGracePeriod(withGrace(50), INPUT).notes, []);
});

check('more than enough is fine, and nothing changes', () => {
  const template = withGrace(120);
  const out = checkGracePeriod(template, INPUT);
  assert.is(out.template, template);
  assert.equal(out.notes, []);
});

check('raise: sets the required value and says what it did', () => {
  const out = checkGracePeriod(withGrace(45), { ...INPUT, raise: true });
  assert.is((out.template.spec as JsonObject).terminationGracePeriodSeconds, 50);
  assert.equal(out.notes, [
    {
      severity: 'info',
      code: 'GRACE_PERIOD_RAISED',
      field: 'spec.terminationGracePeriodSeconds',
      message: '`terminationGracePeriodSeconds` raised from 45s to 50s = preStop sleep 15s + sidecar drain time 30s + margin 5s',
    },
  ]);
});

check('raise never lowers a longer grace period', () => {
  const template = withGrace(600);
  assert.is(checkGracePeriod(template, { ...INPUT, raise: true }).template, template);
});

check('a grace period that is not a number is left to Kubernetes', () => {
  assert.equal(checkGracePeriod(withGrace('60'), INPUT).notes, []);
});

const drain = suite('sidecarDrainSeconds');

const sidecar = (value: string): JsonObject => ({
  spec: { initContainers: [{ name: 'kuma-sidecar', env: [{ name: 'KUMA_DATAPLANE_DRAIN_TIME', value }] }], containers: [{ name: 'app' }] },
});

drain('reads KUMA_DATAPLANE_DRAIN_TIME of the injected sidecar, rounding up', () => {
  assert.is(sidecarDrainSeconds(sidecar('10s'), '30s'), 10);
  assert.is(sidecarDrainSeconds(sidecar('1m0s'), '30s'), 60);
  assert.is(sidecarDrainSeconds(sidecar('1.5s'), '30s'), 2);
  assert.is(sidecarDrainSeconds(sidecar('500ms'), '30s'), 1);
  assert.is(sidecarDrainSeconds(sidecar('0s'), '30s'), 0);
});

drain('finds the sidecar in the legacy layout too', () => {
  const legacy: JsonObject = { spec: { containers: [{ name: 'kuma-sidecar', env: [{ name: 'KUMA_DATAPLANE_DRAIN_TIME', value: '45s' }] }] } };
  assert.is(sidecarDrainSeconds(legacy, '30s'), 45);
});

drain('falls back to the configured drain time', () => {
  assert.is(sidecarDrainSeconds({ spec: { containers: [{ name: 'app' }] } }, '30s'), 30);
  assert.is(sidecarDrainSeconds(sidecar('not a duration'), '20s'), 20);
});

check.run();
drain.run();
