// Lets Node 20 import .ts files directly (tests, scripts): Node < 22.6 has no type stripping.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
