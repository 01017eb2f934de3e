// report.html in a real browser: Debian's chromium driven by playwright-core
// (.ci/run installs both). A small local run's page is opened from file://;
// every chart must have marks drawn, the page must log no console error and
// make no request but its own file; full-page and per-chart screenshots go
// to the test's temporary folder (and, when COLDBENCH_SHOTS names a folder,
// are copied there for a person to look at). Then `coldbench report` must
// build the same page from the result folder alone.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/plan/load';
import { runPlan } from '../../src/run/run';
import { runCommand } from '../cli/cli-capture';
import { MEMORY, newTempDir, PHASES, removeAll, writeReportScenario } from './html-scenario';

const CHROMIUM = '/usr/bin/chromium';
const dirs: string[] = [];
let outDir = '';
let work = '';

beforeAll(async () => {
  work = newTempDir('coldbench-html-', dirs);
  const plan = await loadPlan(writeReportScenario(work));
  outDir = path.join(work, 'out');
  const outcome = await runPlan({ plan, outDir, quiet: true, log: () => undefined });
  expect(outcome.kind).toBe('done');
}, 120_000);
afterAll(() => removeAll(dirs));

async function openBrowser(userDataDir: string): Promise<BrowserContext> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; .ci/run does it)`);
  }
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: 1400, height: 900 },
  });
}

describe('report.html in chromium', () => {
  it('draws every chart, logs no error, loads nothing, and is screenshotted', async () => {
    const context = await openBrowser(newTempDir('coldbench-chromium-', dirs));
    const problems: string[] = [];
    const requests: string[] = [];
    try {
      const page = await context.newPage();
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
      page.on('request', (r) => requests.push(r.url()));
      const url = `file://${path.join(outDir, 'report.html')}`;
      await page.goto(url, { waitUntil: 'load' });

      // Every chart, whatever section it is in, has marks drawn inside it.
      const charts = await page.$$eval('svg.chart', (svgs) => svgs.map((s) => ({
        title: s.getAttribute('aria-label') ?? '',
        marks: s.querySelectorAll('.mark').length,
        section: s.closest('section')?.id ?? '',
        width: s.getBoundingClientRect().width,
      })));
      for (const c of charts) {
        expect(c.marks, `chart "${c.title}" has no marks`).toBeGreaterThan(0);
        expect(c.width).toBeGreaterThan(100);
      }
      const count = (section: string): number => charts.filter((c) => c.section === section).length;
      // cold and warm against memory: the cold phase is all cold, rate has both.
      expect(count('memory')).toBeGreaterThanOrEqual(PHASES.length);
      expect(count('distributions')).toBe(PHASES.length);
      expect(count('time')).toBe(PHASES.length);
      expect(count('gaps')).toBe(1);
      // Each figure has its numbers in a table beside it, a row per memory setting at least.
      const figures = await page.$$eval('figure.fig', (fs2) => fs2.map((f) => ({
        svg: f.querySelectorAll('svg.chart').length,
        rows: f.querySelectorAll('table.data tbody tr').length,
      })));
      expect(figures.length).toBe(charts.length);
      for (const f of figures) {
        expect(f.svg).toBe(1);
        expect(f.rows).toBeGreaterThanOrEqual(1);
      }
      // The verdict comes first, with the headline figures of every memory setting.
      const firstSection = await page.$eval('section', (s) => s.id);
      expect(firstSection).toBe('verdict');
      const headline = await page.$$eval('table.headline tbody tr', (rows) => rows.map((r) => r.querySelectorAll('td')[1]?.textContent ?? ''));
      for (const m of MEMORY) expect(headline).toContain(`${m} MB`);
      expect(await page.$$eval('#verdict .card', (c) => c.length)).toBeGreaterThan(0);
      // The percentile axis is labelled at 50, 90, 99 and 99.9.
      const ticks = await page.$$eval('#distributions svg.chart text.xl', (t) => t.map((e) => e.textContent ?? ''));
      for (const label of ['50', '90', '99', '99.9']) expect(ticks).toContain(label);
      // The errors, by type.
      const errorRows = await page.$$eval('table.errors tbody tr', (rows) => rows.map((r) => r.textContent ?? ''));
      expect(errorRows.length).toBeGreaterThan(0);
      expect(errorRows.join(' ')).toContain('FlakyError');

      const shots = path.join(work, 'screenshots');
      fs.mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: path.join(shots, 'report-full.png'), fullPage: true });
      const sections = await page.$$('header, section');
      for (const [i, s] of sections.entries()) {
        const id = (await s.getAttribute('id')) ?? 'header';
        await s.screenshot({ path: path.join(shots, `section-${String(i).padStart(2, '0')}-${id}.png`) });
      }
      const figs = await page.$$('figure.fig');
      for (const [i, f] of figs.entries()) await f.screenshot({ path: path.join(shots, `figure-${String(i).padStart(2, '0')}.png`) });
      expect(fs.readdirSync(shots).length).toBe(1 + sections.length + figs.length);
      const copyTo = process.env.COLDBENCH_SHOTS;
      if (copyTo) {
        fs.rmSync(copyTo, { recursive: true, force: true });
        fs.cpSync(shots, copyTo, { recursive: true });
      }
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
    expect(requests).toEqual([`file://${path.join(outDir, 'report.html')}`]);
  }, 120_000);

  it('`coldbench report` builds the same page from the result folder alone', async () => {
    const original = fs.readFileSync(path.join(outDir, 'report.html'), 'utf8');
    const summary = fs.readFileSync(path.join(outDir, 'summary.csv'), 'utf8');
    // Only what a result folder keeps as its record: the rows and run.json.
    const copy = newTempDir('coldbench-rebuilt-', dirs);
    for (const f of ['invocations.csv', 'run.json']) fs.copyFileSync(path.join(outDir, f), path.join(copy, f));
    const res = await runCommand('report', copy);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    const rebuilt = fs.readFileSync(path.join(copy, 'report.html'), 'utf8');
    expect(rebuilt.length).toBeGreaterThan(10_000);
    // Byte for byte: the page holds no build time.
    expect(rebuilt).toBe(original);
    expect(fs.readFileSync(path.join(copy, 'summary.csv'), 'utf8')).toBe(summary);
  }, 60_000);
});
