// `node --import ./test/reliability/ts-register.mjs child.ts`: runs TypeScript sources (see ts-hooks.mjs).
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
