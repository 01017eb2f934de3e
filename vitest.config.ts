import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests spawn real processes and servers on a 2-core machine: generous
    // timeouts, and files in parallel only up to the core count.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    // The AWS SDK's Node.js-version notice, silenced by the switch the CLI sets (src/targets/sdk.ts), for clients tests build themselves.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
