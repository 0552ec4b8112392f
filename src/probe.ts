import { writeFileSync } from 'node:fs';
import { workloadListAs } from '../scripts/bench-inputs.ts';
for (const shape of ['json', 'flow', 'anchors'] as const) writeFileSync(`/tmp/w20.${shape}`, workloadListAs(shape, 20));
for (const shape of ['json', 'flow', 'anchors'] as const) writeFileSync(`/tmp/w1000.${shape}`, workloadListAs(shape, 1000));
for (const shape of ['json', 'flow', 'anchors', 'block'] as const) writeFileSync(`/tmp/w5000.${shape}`, workloadListAs(shape, 5000));
