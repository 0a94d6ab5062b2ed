// The curves view on the built site: every chart draws on a non-blank canvas that changes
// when a parameter changes; each panel's exports download a valid PNG, SVG and CSV, and
// "All charts" one zip of them all; the hover read-out shows the numbers of `losslab eval` on
// the same scene exported as a case.
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliEval, exportCase, openApp, readBoard, setInput, watchErrors } from './helpers';

const CHARTS = ['pixel-curves', 'size-sweep', 'pixel-sensitivity', 'param-sweep', 'crop-sweep'];

/** `data-draws` of every chart's status. */
async function draws(page: Page): Promise<number[]> {
  return Promise.all(
    CHARTS.map(async (id) =>
      Number(await page.locator(`[data-chart-status="${id}"]`).getAttribute('data-draws')),
    ),
  );
}

/** Waits until every chart is ready and has drawn more often than `before`. */
async function settled(page: Page, before: number[] = CHARTS.map(() => 0)): Promise<void> {
  await expect
    .poll(
      async () => {
        const states = await Promise.all(
          CHARTS.map((id) => page.locator(`[data-chart-status="${id}"]`).getAttribute('data-state')),
        );
        const now = await draws(page);
        return states.every((s) => s === 'ready') && now.every((n, i) => n > before[i]);
      },
      { message: 'every chart computed and drawn', timeout: 30_000 },
    )
    .toBe(true);
}

async function openCurves(page: Page): Promise<void> {
  await openApp(page);
  await page.locator('[data-view="curves"]').click();
  await settled(page);
}

/** Non-white pixels of a canvas, and its PNG data URL. */
async function canvasState(page: Page, id: string): Promise<{ ink: number; url: string }> {
  return page.locator(`canvas[data-chart="${id}"]`).evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250) ink++;
    return { ink, url: c.toDataURL() };
  });
}

async function download(page: Page, id: string, kind: string): Promise<Buffer> {
  await expect(page.locator(`[data-chart-status="${id}"]`)).toHaveAttribute('data-state', 'ready');
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 15_000 }).catch((e) => {
      throw new Error(`no ${kind} download from ${id}: ${e}`);
    }),
    page.locator(`[data-chart-panel="${id}"] [data-export="${kind}"]`).click(),
  ]);
  expect(file.suggestedFilename()).toBe(`losslab-${id}.${kind}`);
  const p = await file.path();
  if (!p) throw new Error(`the ${kind} download of ${id} has no file`);
  return fs.readFileSync(p);
}

test('every chart draws, and redraws differently when the background confidence changes', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openCurves(page);
  const before: Record<string, string> = {};
  for (const id of CHARTS) {
    const { ink, url } = await canvasState(page, id);
    expect(ink, `${id} is not blank`).toBeGreaterThan(5000);
    before[id] = url;
  }
  const counts = await draws(page);
  await setInput(page.getByTestId('background-confidence'), '0.001');
  await settled(page, counts);
  for (const id of CHARTS) {
    expect((await canvasState(page, id)).url, `${id} changed`).not.toBe(before[id]);
  }
  // A loss parameter changes the parameter sweep: the current value is marked on it.
  const sweep = (await canvasState(page, 'param-sweep')).url;
  const drawn = await draws(page);
  await page.getByTestId('curves-sweep-param').selectOption('gamma');
  await settled(page, drawn.map((n, i) => (CHARTS[i] === 'param-sweep' ? n : n - 1)));
  expect((await canvasState(page, 'param-sweep')).url).not.toBe(sweep);
  expect(errors).toEqual([]);
});

/** Checks one chart's three exports: a PNG by its signature, an SVG that parses with curves
 * and labels, a CSV with its header and finite numbers. */
async function checkExports(page: Page, id: string, files: { png: Buffer; svg: Buffer; csv: Buffer }) {
  expect([...files.png.subarray(0, 8)], `${id}.png signature`).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const svg = files.svg.toString('utf8');
  expect(svg.startsWith('<svg'), `${id}.svg starts with <svg`).toBe(true);
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      error: doc.getElementsByTagName('parsererror').length,
      root: doc.documentElement.nodeName,
      lines: doc.getElementsByTagName('polyline').length,
      texts: doc.getElementsByTagName('text').length,
    };
  }, svg);
  expect(parsed.error, `${id}.svg parses`).toBe(0);
  expect(parsed.root).toBe('svg');
  expect(parsed.lines, `${id}.svg has curves`).toBeGreaterThan(10);
  expect(parsed.texts, `${id}.svg has labels`).toBeGreaterThan(10);
  const csv = files.csv.toString('utf8').trim().split('\n');
  expect(csv[0]).toBe('panel,curve,x,y');
  expect(csv.length, `${id}.csv has rows`).toBeGreaterThan(20);
  for (const row of csv.slice(1, 50)) {
    const cells = row.split(',');
    expect(cells.length).toBe(4);
    expect(Number.isFinite(Number(cells[2])) && Number.isFinite(Number(cells[3]))).toBe(true);
  }
}

// One page per chart: Chromium blocks a page's automatic downloads after the first ten (a
// person would be asked to allow them), so three downloads per page stay well inside.
for (const id of CHARTS) {
  test(`${id} exports a PNG, an SVG and its CSV`, async ({ page }) => {
    await openCurves(page);
    const files = {
      png: await download(page, id, 'png'),
      svg: await download(page, id, 'svg'),
      csv: await download(page, id, 'csv'),
    };
    await checkExports(page, id, files);
  });
}

test('"All charts" downloads one zip with every PNG, SVG and CSV', async ({ page }) => {
  await openCurves(page);
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 15_000 }),
    page.getByTestId('curves-export-all').click(),
  ]);
  expect(file.suggestedFilename()).toBe('losslab-charts.zip');
  const zipPath = await file.path();
  // Read by an outside implementation: Python's zipfile checks every CRC and extracts.
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'losslab-zip-'));
  const run = spawnSync(
    'python3',
    [
      '-c',
      'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nz.extractall(sys.argv[2])\nprint("\\n".join(z.namelist()))',
      zipPath,
      out,
    ],
    { encoding: 'utf8' },
  );
  expect(run.status, run.stderr).toBe(0);
  const names = run.stdout.trim().split('\n');
  expect(names).toEqual(CHARTS.flatMap((id) => ['png', 'svg', 'csv'].map((k) => `losslab-${id}.${k}`)));
  for (const id of CHARTS) {
    const read = (kind: string) => fs.readFileSync(path.join(out, `losslab-${id}.${kind}`));
    await checkExports(page, id, { png: read('png'), svg: read('svg'), csv: read('csv') });
  }
  // The zip's CSV and PNG of a chart are the ones its own buttons download (the PNG drawn
  // off-screen at 2× both times).
  const csv = await download(page, 'size-sweep', 'csv');
  expect(fs.readFileSync(path.join(out, 'losslab-size-sweep.csv')).equals(csv)).toBe(true);
  const png = await download(page, 'size-sweep', 'png');
  expect(fs.readFileSync(path.join(out, 'losslab-size-sweep.png')).equals(png), 'the same PNG bytes').toBe(true);
  fs.rmSync(out, { recursive: true, force: true });
});

test('the hover read-out shows what losslab eval gives for the same scene', async ({ page }) => {
  await openCurves(page);
  const canvas = page.locator('canvas[data-chart="size-sweep"]');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the size-sweep canvas has no box');
  // The first panel (loss against object area) is at the top left.
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.3);
  const row = page.locator('[data-readout="size-sweep"] [data-readout-row="dice bg=0.05"]');
  await expect(row).toBeVisible();
  const area = Number(await row.getAttribute('data-x'));
  const value = Number(await row.getAttribute('data-y'));
  expect(Number.isInteger(area) && area >= 1).toBe(true);
  // The same number in the CSV export…
  const csv = (await download(page, 'size-sweep', 'csv')).toString('utf8');
  expect(csv).toContain(`value,dice bg=0.05,${area},${value}\n`);
  // …and from the command line on the scene regenerated at that area (the sweep's own
  // recipe): set the object size, export the case, evaluate it.
  await setInput(page.getByTestId('object-size'), area);
  await page.getByTestId('current-loss').selectOption('dice');
  const c = await exportCase(page);
  expect(c.loss).toBe('dice');
  const out = cliEval(c);
  expect(Math.abs(out.value - value)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(value)));
});

test("the pixel-sensitivity lesson's numbers come from the core", async ({ page }) => {
  await openCurves(page);
  const lesson = page.locator('[data-chart-panel="pixel-sensitivity"] p.hint').first();
  // By hand: missing one of n hard object pixels moves Dice from 1 to 2(n − 1)/(2n − 1), a drop
  // of 1/(2n − 1): 1/7 = 14.3 % at n = 4 and 1/1999 = 0.0500 % at n = 1,000; the lab's 1/n
  // reading is 25.0 % and 0.100 %; generalized Dice's absent-class weight is 1/ε_w = 1/1e-6
  // (losses.md §9).
  const text = (await lesson.textContent()) ?? '';
  for (const part of ['14.3 % at 4 pixels', '0.0500 % at 1,000', '25.0 % at 4 pixels', '0.100 % at 1,000', 'explodes to 1.00e6']) {
    expect(text, text).toContain(part);
  }
});

/** The param-sweep CSV's rows as `[panel, curve, x, y]`. */
async function sweepRows(page: Page): Promise<[string, string, number, number][]> {
  const csv = (await download(page, 'param-sweep', 'csv')).toString('utf8').trim().split('\n').slice(1);
  return csv.map((line) => {
    const [panel, curve, x, y] = line.split(',');
    return [panel, curve, Number(x), Number(y)];
  });
}

/** Picks the swept parameter and waits for the parameter sweep to redraw. */
async function sweep(page: Page, param: string): Promise<void> {
  const drawn = await draws(page);
  await page.getByTestId('curves-sweep-param').selectOption(param);
  await settled(page, drawn.map((n, i) => (CHARTS[i] === 'param-sweep' ? n : n - 1)));
}

test('the parameter sweep over the new parameters: k, γ and δ', async ({ page }) => {
  const errors = watchErrors(page);
  // The board's values (the scene view) before the curves view opens.
  await openApp(page);
  const board = await readBoard(page);
  await page.locator('[data-view="curves"]').click();
  await settled(page);
  // k: no drawn loss has it, so top-k CE is drawn, from 0.1 % to 100 %; at 100 % it keeps
  // every pixel and is BCE (losses-compound.md §13's identity), the board's bce value.
  await sweep(page, 'k');
  let rows = (await sweepRows(page)).filter((r) => r[0] === 'sweep');
  expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['topk_ce']));
  const xs = rows.map((r) => r[2]);
  expect(Math.min(...xs)).toBeCloseTo(0.1, 12);
  expect(Math.max(...xs)).toBe(100);
  const atHundred = rows.find((r) => r[2] === 100)![3];
  const bce = Number(board.bce);
  expect(Math.abs(atHundred - bce), `${atHundred} vs bce ${bce}`).toBeLessThanOrEqual(1e-9 * bce);

  // γ with Dice + focal and unified focal ticked: focal's and Dice + focal's [0, 10] share a
  // panel, unified focal's [0, 1] gets its own. Dice + focal at γ = 0 (α none) is Dice + CE.
  for (const loss of ['dice_focal', 'unified_focal']) {
    const drawn = await draws(page);
    await page.locator(`input[data-curves-loss="${loss}"]`).check();
    await settled(page, drawn);
  }
  await sweep(page, 'gamma');
  rows = await sweepRows(page);
  const panelOf = (curve: string) => new Set(rows.filter((r) => r[1] === curve && r[0].startsWith('sweep')).map((r) => r[0]));
  expect(panelOf('dice_focal')).toEqual(panelOf('focal'));
  expect(panelOf('unified_focal').size).toBe(1);
  expect(panelOf('unified_focal')).not.toEqual(panelOf('focal'));
  const zero = rows.find((r) => r[1] === 'dice_focal' && r[2] === 0)!;
  expect(Math.abs(zero[3] - Number(board.dice_ce))).toBeLessThanOrEqual(1e-9);
  const unified = rows.filter((r) => r[1] === 'unified_focal').map((r) => r[2]);
  expect([Math.min(...unified), Math.max(...unified)]).toEqual([0, 1]);

  // δ: unified focal over its control's (0.01, 0.99).
  await sweep(page, 'delta');
  rows = (await sweepRows(page)).filter((r) => r[0] === 'sweep');
  expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['unified_focal']));
  const deltas = rows.map((r) => r[2]);
  expect(Math.min(...deltas)).toBeCloseTo(0.01, 12);
  expect(Math.max(...deltas)).toBeCloseTo(0.99, 12);
  expect(rows.every((r) => Number.isFinite(r[3]))).toBe(true);
  expect(errors).toEqual([]);
});
