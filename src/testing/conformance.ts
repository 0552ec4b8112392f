/**
 * `npm run conformance`: every modelled Kuma release against its own fixtures (injector and Pod converter),
 * through the built dist/kuma-inject.cjs. Prints each failing case, each excluded case with its reason, one line
 * per release and kind (`conformance v2.12.14 injector: N passed, M failed`) and the total
 * (`conformance: N passed, M failed`). An optional argument filters cases by a regular expression over
 * `<tag> <case>` (for example `v2.12.14 inject.0[1-3]` or `dataplane`).
 */
import { type CaseResult, pool } from './conformance/bundle.ts';
import { dataplaneTasks } from './conformance/dataplane.ts';
import { DATAPLANE_SUITES } from './conformance/dataplane-suites.ts';
import { injectorTasks, type Task } from './conformance/injector.ts';
import { INJECTOR_SUITES } from './conformance/injector-suites.ts';

interface Line {
  readonly label: string;
  readonly tasks: Task[];
  readonly excluded: Array<{ name: string; reason: string }>;
}

const filter = process.argv[2] ? new RegExp(process.argv[2]) : undefined;
const keep = (tag: string) => (t: { name: string }) => !filter || filter.test(`${tag} ${t.name}`);
const lines: Line[] = [];
for (const suite of INJECTOR_SUITES) {
  const { tasks, excluded } = injectorTasks(suite);
  lines.push({ label: `${suite.tag} injector`, tasks: tasks.filter(keep(suite.tag)), excluded: excluded.filter(keep(suite.tag)) });
}
for (const suite of DATAPLANE_SUITES) {
  const { tasks, excluded } = dataplaneTasks(suite);
  lines.push({ label: `${suite.tag} dataplane`, tasks: tasks.filter(keep(suite.tag)), excluded: excluded.filter(keep(suite.tag)) });
}
const all = lines.flatMap((line) =>
  line.tasks.map((t) => () => t.run().catch((e: unknown): CaseResult => ({ name: t.name, failure: `harness error: ${String(e)}` }))),
);
const results = await pool(all, 4);
let offset = 0;
let passed = 0;
let failed = 0;
const summary: string[] = [];
for (const line of lines) {
  if (line.tasks.length === 0 && line.excluded.length === 0) continue;
  const own = results.slice(offset, offset + line.tasks.length);
  offset += line.tasks.length;
  const bad = own.filter((r) => r.failure);
  for (const r of bad) console.log(`FAIL ${line.label} ${r.name}: ${r.failure}`);
  for (const e of line.excluded) console.log(`excluded ${line.label} ${e.name}: ${e.reason}`);
  passed += own.length - bad.length;
  failed += bad.length;
  summary.push(`conformance ${line.label}: ${own.length - bad.length} passed, ${bad.length} failed${line.excluded.length ? `, ${line.excluded.length} excluded` : ''}`);
}
for (const s of summary) console.log(s);
if (results.length === 0) console.error('conformance: no case matched');
console.log(`conformance: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || results.length === 0 ? 1 : 0;
