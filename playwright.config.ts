// End-to-end tests of the built site (dist/) in Debian's headless Chromium.
// Playwright never downloads a browser here: executablePath points at /usr/bin/chromium.
// Build first (`trunk build --release`); `./scripts/test.sh` does it all in order.
import { defineConfig } from '@playwright/test';

const port = Number(process.env.LOSSLAB_E2E_PORT ?? 4817);

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // One worker: the machine has 2 cores, and one of them serves the site.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  // `tests`: every end-to-end test (`./scripts/test.sh`); `screenshots`: pictures for the
  // README and for looking at the app, not tests (`./scripts/screenshots.sh`).
  projects: [
    { name: 'tests', testMatch: /\.spec\.ts$/ },
    { name: 'screenshots', testMatch: /\.shots\.ts$/ },
  ],
  webServer: {
    command: `python3 -m http.server --bind 127.0.0.1 ${port} --directory dist`,
    url: `http://127.0.0.1:${port}/index.html`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'ignore',
  },
});
