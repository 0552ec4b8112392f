/**
 * The init-container traffic lint per layout (legacy with kuma-init last or first, CNI, native) and UIDs, and the
 * `kuma.io/wait-for-dataplane-ready` notes.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject } from '../krm/object.ts';
import { initContainerTraffic, waitForDataplaneReady } from './init-traffic.ts';

const INPUT = { cni: false, sidecarUid: 5678 };
const FOR_UIDS = 'traffic.kuma.io/exclude-outbound-ports-for-uids';
const template = (initContainers: JsonObject[], annotations: Record<string, string> = {}, podSecurity?: JsonObject): JsonObject => ({
  metadata: { annotations },
  spec: { initContainers, containers: [{ name: 'app' }], ...(podSecurity ? { securityContext: podSecurity } : {}) },
});
const asUser = (name: string, uid: number): JsonObject => ({ name, securityContext: { runAsUser: uid } });

const lint = suite('initContainerTraffic');

lint('legacy layout, kuma-init last: the init containers run before redirection, no note', () => {
  assert.equal(initContainerTraffic(template([asUser('migrate', 1234), { name: 'kuma-init' }]), INPUT), []);
});

lint('legacy layout, kuma-init first: a warning with the exact annotation and the UIDs', () => {
  const notes = initContainerTraffic(template([{ name: 'kuma-init' }, asUser('migrate', 1234), { name: 'fetch' }]), INPUT);
  assert.is(notes.length, 1);
  assert.is(notes[0]!.severity, 'warning');
  assert.is(notes[0]!.code, 'INIT_CONTAINER_INTERCEPTED');
  assert.is(notes[0]!.field, `metadata.annotations[${FOR_UIDS}]`);
  assert.is(
    notes[0]!.message,
    "init containers `migrate` (UID 1234), `fetch` (no runAsUser) run after kuma-init has redirected the Pod's traffic, to a kuma-sidecar that only starts after them, so their network calls fail: give `fetch` a `securityContext.runAsUser`, then add the annotation `traffic.kuma.io/exclude-outbound-ports-for-uids: \"1234;<UID of fetch>\"` to let them bypass the mesh, or use native sidecars (Kubernetes 1.29+), where they run behind a started kuma-sidecar",
  );
});

lint('CNI, legacy layout: every init container is redirected', () => {
  const notes = initContainerTraffic(template([asUser('migrate', 1234), { name: 'kuma-validation' }]), { ...INPUT, cni: true });
  assert.is(notes[0]!.severity, 'warning');
  assert.match(notes[0]!.message, "run with the Pod's traffic already redirected by the Kuma CNI");
});

lint('native layout: they run behind a started kuma-sidecar, a warning (issue #3 lists the native layout)', () => {
  const notes = initContainerTraffic(template([{ name: 'kuma-init' }, { name: 'kuma-sidecar', restartPolicy: 'Always' }, asUser('migrate', 1234)]), INPUT);
  assert.equal(
    notes.map((n) => n.severity),
    ['warning'],
  );
  assert.match(notes[0]!.message, 'after kuma-sidecar has started, so their traffic goes through the mesh');
  assert.match(notes[0]!.message, '`traffic.kuma.io/exclude-outbound-ports-for-uids: "1234"`');
});

lint('a UID the annotation already excludes, or the pod-level UID in a range, is fine', () => {
  const init = [{ name: 'kuma-init' }, asUser('migrate', 1234), { name: 'fetch' }];
  assert.equal(initContainerTraffic(template(init, { [FOR_UIDS]: 'tcp:443:1234;1000-1999' }, { runAsUser: 1500 }), INPUT), []);
});

lint('an existing annotation value is kept in the suggestion', () => {
  const notes = initContainerTraffic(template([{ name: 'kuma-init' }, asUser('migrate', 1234)], { [FOR_UIDS]: 'udp:53:999' }), INPUT);
  assert.match(notes[0]!.message, '`traffic.kuma.io/exclude-outbound-ports-for-uids: "udp:53:999;1234"`');
});

lint('the sidecar UID bypasses anyway, native sidecars of the user are not ordinary init containers', () => {
  const init = [{ name: 'kuma-init' }, asUser('as-sidecar', 5678), { name: 'proxy', restartPolicy: 'Always' }];
  assert.equal(initContainerTraffic(template(init), INPUT), []);
});

lint('a UID above 65535 cannot be excluded, and the note says so', () => {
  const notes = initContainerTraffic(template([{ name: 'kuma-init' }, asUser('openshift', 1000680000)]), INPUT);
  assert.match(notes[0]!.message, 'kuma-init reads UIDs as 16-bit numbers, so `openshift` must run as a UID of at most 65535');
});

const wait = suite('waitForDataplaneReady');

wait('legacy layout: an info note on the annotation about container order', () => {
  const notes = waitForDataplaneReady({ 'kuma.io/wait-for-dataplane-ready': 'true' }, false);
  assert.equal(notes.map((n) => `${n.severity} ${n.code} ${n.field}`), ['info WAIT_FOR_DATAPLANE_READY metadata.annotations[kuma.io/wait-for-dataplane-ready]']);
  assert.match(notes[0]!.message, 'another mutating webhook that reorders containers breaks it');
});

wait('native layout: a warning that it has no effect', () => {
  const notes = waitForDataplaneReady({ 'kuma.io/wait-for-dataplane-ready': 'enabled' }, true);
  assert.equal(notes.map((n) => n.severity), ['warning']);
  assert.match(notes[0]!.message, 'has no effect with native sidecars');
});

wait('absent, false or unparsable: nothing', () => {
  assert.equal(waitForDataplaneReady({}, true), []);
  assert.equal(waitForDataplaneReady({ 'kuma.io/wait-for-dataplane-ready': 'false' }, false), []);
  assert.equal(waitForDataplaneReady({ 'kuma.io/wait-for-dataplane-ready': 'maybe' }, false), []);
});

lint.run();
wait.run();
