/** The Jobs-in-legacy-layout policy: when it applies, and what it says in each case. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { settingsWith } from '../testing/fixtures.ts';
import { jobInLegacyLayout } from './jobs.ts';

const jobs = suite('jobInLegacyLayout');

jobs('nothing to say for native sidecars or for long-running kinds', () => {
  assert.is(jobInLegacyLayout('Job', true, settingsWith()), undefined);
  assert.is(jobInLegacyLayout('Deployment', false, settingsWith({ kubernetesVersion: '1.28' })), undefined);
});

jobs('below 1.29: skip, with a warning naming the version and the fixes, on the pod template label', () => {
  const policy = jobInLegacyLayout('CronJob', true, settingsWith({ kubernetesVersion: '1.28' }));
  assert.is(policy?.skip, true);
  assert.is(policy?.note.severity, 'warning');
  assert.is(policy?.note.field, 'metadata.labels[kuma.io/sidecar-injection]');
  assert.match(policy?.note.message ?? '', '`spec.kubernetesVersion` is "1.28", below the 1.29 that native sidecars need');
  assert.match(policy?.note.message ?? '', 'the CronJob would never complete. Fix: use native sidecars');
  assert.match(policy?.note.message ?? '', 'label `kuma.io/sidecar-injection: disabled`');
});

jobs('native sidecars off on 1.31: the same, with that reason', () => {
  const policy = jobInLegacyLayout('Job', true, settingsWith({ controlPlane: { experimental: { sidecarContainers: false } } }));
  assert.match(policy?.note.message ?? '', 'native sidecars are off (`spec.controlPlane.experimental.sidecarContainers: false`)');
});

jobs('injectInLegacyLayout: inject, with an info result', () => {
  const policy = jobInLegacyLayout('Job', true, settingsWith({ kubernetesVersion: '1.28', lifecycle: { jobs: { injectInLegacyLayout: true } } }));
  assert.is(policy?.skip, false);
  assert.is(policy?.note.severity, 'info');
  assert.match(policy?.note.message ?? '', 'the Job completes only if its workload stops kuma-sidecar when done');
});

jobs.run();
