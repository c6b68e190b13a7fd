import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs from the TypeScript sources with no build (npm run test:unit, the inner
// loop); `e2e` spawns the built CLI, drives a browser and runs the hostile-input corpus (npm test
// builds first and runs both).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts', 'tests/hardening/**/*.test.ts', 'tests/browser/**/*.test.ts'] } },
    ],
  },
});
