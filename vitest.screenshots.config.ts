/**
 * `npm run screenshots`: retakes the console's screenshots in docs/ from a real server with real
 * lapses, alerts and messages. Not part of `npm test`, which only checks the pages.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config';

export default defineConfig({ test: { ...base.test, include: ['test/**/*.shots.ts'] } });
