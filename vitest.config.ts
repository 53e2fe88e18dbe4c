import { defineConfig } from 'vitest/config';

// The API's tests run once per partitioning scheme (test/support/partition-schemes.ts):
// the same files, each project on a template database migrated with its scheme.
const apiTests = [
  'test/db/{create,create-many,find,follow,idempotency,large-payloads,event-payload,events-view,append-only,api-key,api-key-create,notify,relay,partitions}.test.ts',
  'test/http/**/*.test.ts',
];

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    // Each file clones its own database; PostgreSQL start-up and large
    // payloads need more than the default 5 s on a small machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'monthly',
          include: ['test/**/*.test.ts'],
          typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
        },
      },
      { extends: true, test: { name: 'daily-hash4', include: apiTests } },
    ],
  },
});
