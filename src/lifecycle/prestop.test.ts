/** preStop sleeps: which containers get one, its two forms, the exec command, and reading a sleep back. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject } from '../krm/object.ts';
import { yaml } from '../testing/yaml.ts';
import { addPreStopSleeps, execSleepCommand, preStopSleepSeconds } from './prestop.ts';

const NATIVE = { seconds: 15, nativeSleep: true, execCommand: ['/bin/sleep'] };
const EXEC = { seconds: 15, nativeSleep: false, execCommand: ['/bin/sleep'] };
const containersOf = (t: JsonObject): JsonObject[] => (t.spec as JsonObject).containers as JsonObject[];

const add = suite('addPreStopSleeps');

add('adds the native sleep action to every application container, not to kuma-sidecar (legacy layout)', () => {
  const template: JsonObject = yaml`
    spec:
      containers:
      - {name: kuma-sidecar, image: kuma-dp}
      - {name: app, image: nginx}
      - {name: worker, image: worker, lifecycle: {postStart: {exec: {command: [warm]}}}}
  `;
  const out = addPreStopSleeps(template, NATIVE);
  assert.equal(containersOf(out.template), [
    { name: 'kuma-sidecar', image: 'kuma-dp' },
    { name: 'app', image: 'nginx', lifecycle: { preStop: { sleep: { seconds: 15 } } } },
    { name: 'worker', image: 'worker', lifecycle: { postStart: { exec: { command: ['warm'] } }, preStop: { sleep: { seconds: 15 } } } },
  ]);
  assert.equal(out.notes, []);
});

add('the exec form runs /bin/sleep with the seconds', () => {
  const out = addPreStopSleeps({ spec: { containers: [{ name: 'app' }] } }, EXEC);
  assert.equal(containersOf(out.template)[0]!.lifecycle, { preStop: { exec: { command: ['/bin/sleep', '15'] } } });
});

add('keeps a preStop of the container’s own, with an info note on its field', () => {
  const mine = { exec: { command: ['/app/drain'] } };
  const template: JsonObject = { spec: { containers: [{ name: 'a' }, { name: 'b', lifecycle: { preStop: mine } }] } };
  const out = addPreStopSleeps(template, NATIVE);
  assert.equal(containersOf(out.template)[1], { name: 'b', lifecycle: { preStop: mine } });
  assert.equal(out.notes, [
    {
      severity: 'info',
      code: 'PRESTOP_KEPT',
      field: 'spec.containers[1].lifecycle.preStop',
      message: '`b` has a preStop hook of its own: it is kept, and no 15s sleep is added',
    },
  ]);
});

add('0 seconds changes nothing and returns the same template', () => {
  const template: JsonObject = { spec: { containers: [{ name: 'a' }] } };
  assert.is(addPreStopSleeps(template, { ...NATIVE, seconds: 0 }).template, template);
});

add('a template whose containers all have their own preStop is returned as it was', () => {
  const template: JsonObject = { spec: { containers: [{ name: 'a', lifecycle: { preStop: { sleep: { seconds: 3 } } } }] } };
  assert.is(addPreStopSleeps(template, NATIVE).template, template);
});

const command = suite('execSleepCommand');

const commandCases: Array<[string[], number, string[]]> = [
  [['/bin/sleep'], 15, ['/bin/sleep', '15']],
  [['/busybox/sleep'], 5, ['/busybox/sleep', '5']],
  [['/bin/sh', '-c', 'sleep {seconds}'], 20, ['/bin/sh', '-c', 'sleep 20']],
  [['/app/wait', '--for={seconds}s', '--then=exit'], 7, ['/app/wait', '--for=7s', '--then=exit']],
];
for (const [input, seconds, expected] of commandCases) {
  command(`${JSON.stringify(input)} with ${seconds}`, () => assert.equal(execSleepCommand(input, seconds), expected));
}

const read = suite('preStopSleepSeconds');

const readCases: Array<[string, JsonObject, number | undefined]> = [
  ['the native action', { lifecycle: { preStop: { sleep: { seconds: 12 } } } }, 12],
  ['exec /bin/sleep N', { lifecycle: { preStop: { exec: { command: ['/bin/sleep', '15'] } } } }, 15],
  ['exec sleep N', { lifecycle: { preStop: { exec: { command: ['sleep', '9'] } } } }, 9],
  ['a shell line ending in sleep N', { lifecycle: { preStop: { exec: { command: ['sh', '-c', 'echo bye; sleep 20'] } } } }, 20],
  ['another command', { lifecycle: { preStop: { exec: { command: ['/app/drain'] } } } }, undefined],
  ['an HTTP hook', { lifecycle: { preStop: { httpGet: { path: '/drain', port: 8080 } } } }, undefined],
  ['no preStop', { lifecycle: { postStart: { exec: { command: ['sleep', '3'] } } } }, undefined],
  ['no lifecycle', {}, undefined],
];
for (const [name, container, expected] of readCases) read(name, () => assert.is(preStopSleepSeconds(container), expected));

add.run();
command.run();
read.run();
