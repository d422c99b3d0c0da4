#!/usr/bin/env node
/*
 * Browser test: the demo portal in Debian's Chromium through playwright-core.
 * Starts the portal (`backstage-cli repo start`, emulator + SQLite) unless one
 * already answers on :3000/:7007, signs in as guest, opens a demo service's
 * Prompts tab and one prompt, and saves screenshots under e2e/output/.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const outputDir = path.join(__dirname, 'output');
const resultFile = process.env.E2E_RESULT_FILE;
const APP_URL = 'http://localhost:3000';
const HEALTH_URL = 'http://localhost:7007/api/genesys-prompts/health';
const STARTUP_TIMEOUT_MS = 6 * 60_000;
const STEP_TIMEOUT_MS = 90_000;

const CHROMIUM_CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter(Boolean);

const results = { passed: 0, failed: 0, tests: [], screenshots: [] };

function writeResult() {
  if (resultFile) {
    fs.writeFileSync(resultFile, JSON.stringify(results, null, 2));
  }
}

async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function waitFor(what, check, timeoutMs, portal) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (portal && portal.exitCode !== null) {
      throw new Error(`the portal exited (code ${portal.exitCode}) before ${what}`);
    }
    if (await check()) return;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

async function startPortal() {
  if ((await answers(HEALTH_URL)) && (await answers(APP_URL))) {
    console.log('e2e: using the portal already running on :3000/:7007');
    return undefined;
  }
  console.log('e2e: starting the portal (backstage-cli repo start)...');
  fs.mkdirSync(outputDir, { recursive: true });
  const log = fs.openSync(path.join(outputDir, 'portal.log'), 'w');
  const portal = spawn(
    process.execPath,
    [require.resolve('@backstage/cli/bin/backstage-cli'), 'repo', 'start'],
    {
      cwd: root,
      env: { ...process.env, BROWSER: 'none', NODE_ENV: 'development' },
      stdio: ['ignore', log, log],
      detached: true,
    },
  );
  const started = Date.now();
  await waitFor('the backend', () => answers(HEALTH_URL), STARTUP_TIMEOUT_MS, portal);
  await waitFor('the frontend', () => answers(APP_URL), STARTUP_TIMEOUT_MS, portal);
  console.log(`e2e: portal up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return portal;
}

function stopPortal(portal) {
  if (portal && portal.exitCode === null) {
    try {
      process.kill(-portal.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.passed += 1;
    results.tests.push({ name, status: 'passed', ms: Date.now() - started });
    console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.failed += 1;
    results.tests.push({ name, status: 'failed', error: String(error) });
    console.log(`  ✗ ${name}: ${error}`);
    throw error;
  }
}

async function main() {
  const executablePath = CHROMIUM_CANDIDATES.find(p => fs.existsSync(p));
  if (!executablePath) {
    throw new Error(
      `no Chromium found (looked at ${CHROMIUM_CANDIDATES.join(', ')}); install Debian's chromium package or set CHROMIUM_PATH`,
    );
  }
  const { chromium } = require('playwright-core');
  fs.mkdirSync(outputDir, { recursive: true });
  const portal = await startPortal();
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 900 },
      acceptDownloads: true,
    });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    // Any uncaught error in the page fails the run, even if the steps pass.
    const pageErrors = [];
    page.on('pageerror', error => pageErrors.push(error.message));
    // The tokenizer's encoder is a chunk of its own, loaded only by the editor.
    const tokenizerChunks = [];
    page.on('request', request => {
      if (/tokenizer-(o200k|cl100k)_base/.test(request.url())) {
        tokenizerChunks.push(request.url());
      }
    });
    const shot = async name => {
      const file = path.join(outputDir, name);
      await page.screenshot({ path: file, fullPage: true });
      results.screenshots.push(file);
    };

    console.log('e2e: portal in Chromium');
    await step('signs in as guest', async () => {
      await page.goto(APP_URL);
      await page.getByRole('button', { name: /enter/i }).click();
      await page.getByText('support-bot').first().waitFor();
    });
    await step('opens the support-bot service and its Prompts tab', async () => {
      await page.getByRole('link', { name: 'support-bot' }).first().click();
      await page.getByRole('tab', { name: 'Prompts' }).click();
      await page.getByRole('link', { name: 'customer-support-assistant', exact: true }).waitFor();
    });
    await step('shows the demo prompts', async () => {
      for (const name of [
        'customer-support-assistant',
        'customer-support-assistant-concise',
        'escalation-detector',
      ]) {
        await page.getByRole('link', { name, exact: true }).waitFor();
      }
      await shot('prompts-tab.png');
    });
    await step('opens a prompt and shows its template', async () => {
      await page.getByRole('link', { name: 'customer-support-assistant', exact: true }).click();
      await page.getByText('{{user_input}}').first().waitFor();
      await shot('prompt-detail.png');
    });
    await step('shows the prompt\'s metrics with charts over a chosen range', async () => {
      await page.getByRole('tab', { name: 'Metrics' }).click();
      await page.getByText('Totals').first().waitFor();
      await page.getByText('Requests and errors').first().waitFor();
      await page.locator('.recharts-surface').first().waitFor();
      await shot('prompt-metrics.png');
    });
    await step('shows the running A/B experiment with live results and significance', async () => {
      await page.getByRole('tab', { name: 'Experiments' }).click();
      await page.getByText('Live results').first().waitFor();
      await page.getByText('p-value (z-test)').first().waitFor({ timeout: 60_000 });
      await page.getByText('p-value (Mann–Whitney)').first().waitFor();
      await shot('prompt-experiments.png');
    });
    await step('exports the prompt to a configured target and downloads its history', async () => {
      await page.getByRole('button', { name: 'Export', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Export this prompt' });
      await dialog.getByRole('radio', { name: 'ai-catalogue (generic)' }).check();
      await dialog.getByRole('button', { name: 'Export to ai-catalogue' }).click();
      await dialog.getByText(/Exported to ai-catalogue: HTTP 201/).waitFor();
      await shot('prompt-export.png');
      // The demo target is the emulator's sink: the payload arrived there.
      const sink = await (await fetch('http://127.0.0.1:7099/__emulator/exports')).json();
      const received = sink.exports.filter(e => e.target === 'ai-catalogue');
      if (received.at(-1)?.body?.promptMetadata?.name !== 'customer-support-assistant') {
        throw new Error(`the export target did not receive the prompt: ${JSON.stringify(received)}`);
      }
      await dialog.getByRole('button', { name: 'Close' }).click();
      const [history] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download history (JSON)' }).click(),
      ]);
      const body = JSON.parse(fs.readFileSync(await history.path(), 'utf8'));
      if (body.promptName !== 'customer-support-assistant' || !Array.isArray(body.versions)) {
        throw new Error(`unexpected history download: ${JSON.stringify(body).slice(0, 200)}`);
      }
    });
    await step('downloads the prompt\'s audit trail as CSV', async () => {
      await page.getByRole('tab', { name: 'Audit' }).click();
      await page.getByLabel('Format').selectOption('csv');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download', exact: true }).click(),
      ]);
      const csv = fs.readFileSync(await download.path(), 'utf8');
      if (!csv.startsWith('seq,id,createdAt,action') || !csv.includes(',export,success,')) {
        throw new Error(`unexpected audit CSV: ${csv.slice(0, 300)}`);
      }
    });
    await step('edits a prompt with live validation and saves a new version', async () => {
      // A full load refreshes the guest session, whose team ownership comes
      // from the catalog (loaded by now).
      await page.goto(`${APP_URL}/catalog/default/component/support-bot/genesys-prompts`);
      await page.getByRole('link', { name: 'escalation-detector', exact: true }).waitFor();
      await page.getByRole('link', { name: 'escalation-detector', exact: true }).click();
      if (tokenizerChunks.length > 0) {
        throw new Error(`the entity pages loaded the tokenizer: ${tokenizerChunks}`);
      }
      await page.getByRole('button', { name: 'Edit' }).click();
      const template = page.getByRole('textbox', { name: 'Template' });
      await template.waitFor();
      // gpt-4o counts with o200k_base, fetched when the editor opens.
      await waitFor(
        'the editor to load the o200k_base tokenizer chunk',
        async () => tokenizerChunks.some(url => url.includes('o200k_base')),
        30_000,
      );
      await template.press('End');
      await template.type(' {{undeclared}}');
      await page.getByText('undefined-variable').first().waitFor();
      await shot('editor-live-validation.png');
      // Remove the undeclared placeholder again and add a plain sentence.
      for (let i = 0; i < ' {{undeclared}}'.length; i++) {
        await template.press('Backspace');
      }
      await template.type(' Keep answers short.');
      await page.getByLabel('Reason (optional)').fill('shorter answers');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText(/Saved as version 2/).waitFor();
    });
    await step('rolls the prompt back and shows the new version and its audit entry', async () => {
      await page.getByRole('button', { name: 'Roll back', exact: true }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Reason').fill('shorter answers confused customers');
      await dialog.getByRole('button', { name: 'Roll back to version 1' }).click();
      await page.getByText('Rolled back to version 1 as version 3').waitFor();
      await page.getByRole('tab', { name: 'Versions' }).click();
      await page.getByRole('cell', { name: 'shorter answers confused customers' }).first().waitFor();
      await shot('versions-after-rollback.png');
      await page.getByRole('tab', { name: 'Audit' }).click();
      await page.getByRole('cell', { name: 'rollback' }).first().waitFor();
      await shot('audit-after-rollback.png');
    });
    await step('renders markup in a template as inert text (XSS)', async () => {
      const payload =
        ' <script>window.__xss=1</script> <img src=x onerror="window.__xss=2"> <a href="javascript:window.__xss=3">open</a>';
      await page.getByRole('button', { name: 'Edit' }).click();
      const template = page.getByRole('textbox', { name: 'Template' });
      await template.waitFor();
      await template.press('End');
      await template.type(payload);
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText(/Saved as version 4/).waitFor();
      // Saving returns to the prompt page, which opens on its template.
      await waitFor(
        'the template to show the markup as text',
        () => page.evaluate(() => document.body.innerText.includes('<script>window.__xss=1</script>')),
        30_000,
      );
      const injected = await page.evaluate(() => ({
        flag: window.__xss,
        scripts: [...document.querySelectorAll('script')].filter(s => s.textContent.includes('__xss')).length,
        handlers: document.querySelectorAll('img[onerror], [onerror]').length,
        jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
      }));
      if (injected.flag !== undefined || injected.scripts || injected.handlers || injected.jsLinks) {
        throw new Error(`markup in the template became live: ${JSON.stringify(injected)}`);
      }
      await shot('xss-inert.png');
    });
    await step('marks an annotated name that Genesys lacks, the rest still works', async () => {
      await page.goto(`${APP_URL}/catalog/default/component/billing-service/genesys-prompts`);
      await page.getByRole('link', { name: 'billing-inquiry-classifier', exact: true }).waitFor();
      await page.getByText(/not found in genesys/i).first().waitFor();
      await shot('prompt-not-found.png');
    });
    await step('shows how to add the annotation on an entity without it', async () => {
      await page.goto(`${APP_URL}/catalog/default/component/ivr-router/genesys-prompts`);
      await page.getByText('genesys.cloud/llm-prompts').first().waitFor();
      await shot('missing-annotation.png');
    });
    await step('shows the entity overview, and no page threw an error', async () => {
      await page.goto(`${APP_URL}/catalog/default/component/support-bot`);
      await page.getByText('The virtual agent that answers customers first.').first().waitFor();
      // The metric card: the entity's prompts at a glance.
      await page.getByText('Prompt metrics').first().waitFor();
      await page.getByText('p95 latency').first().waitFor();
      await page.getByRole('link', { name: 'escalation-detector', exact: true }).first().waitFor();
      await shot('entity-metric-card.png');
      if (pageErrors.length > 0) {
        throw new Error(`uncaught errors in the page: ${pageErrors.join(' | ')}`);
      }
    });
  } finally {
    await browser.close();
    stopPortal(portal);
  }
}

main()
  .catch(error => {
    if (results.failed === 0) {
      results.failed = 1;
      results.tests.push({ name: 'browser test set-up', status: 'failed', error: String(error) });
    }
    console.error(`e2e: ${error.message ?? error}`);
  })
  .finally(() => {
    writeResult();
    console.log(`e2e: ${results.passed} passed, ${results.failed} failed`);
    process.exit(results.failed === 0 ? 0 : 1);
  });
