// Shared helpers for the end-to-end tests. They find things only by the hooks of
// shared/docs/testing-hooks.md (data-testid, data-loss, data-layer, …), never by layout or text.
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The ten loss names of losses.md, as used in `data-loss` and `current-loss`. */
export const LOSSES = [
  'bce',
  'wce',
  'focal',
  'dice',
  'iou',
  'tversky',
  'focal_tversky',
  'sensitivity_specificity',
  'generalized_dice',
  'bce_dice',
] as const;
export type LossName = (typeof LOSSES)[number];
/** The seven losses of losses-compound.md, after the ten on the board and in `current-loss`. */
export const COMPOUND_LOSSES = [
  'dice_ce',
  'dice_focal',
  'topk_ce',
  'lovasz_hinge',
  'log_cosh_dice',
  'combo',
  'unified_focal',
] as const;
/** All seventeen, in the board's order. */
/** The geometry losses of losses-geometry.md. */
export const GEOMETRY_LOSSES = ['boundary', 'hausdorff_dt', 'cldice', 'dice_cldice'] as const;
export const ALL_LOSSES = [...LOSSES, ...COMPOUND_LOSSES, ...GEOMETRY_LOSSES] as const;
export type Board = Record<string, string>;

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The `losslab` binary: `$LOSSLAB_BIN` (test.sh passes the test build's), else the release one under `$CARGO_TARGET_DIR` or `target/`. */
export const CLI =
  process.env.LOSSLAB_BIN ??
  path.join(path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR ?? 'target'), 'release', 'losslab');

/** A conformance.md case, as `export-case` downloads it. */
export interface Case {
  shape: number[];
  target: number[];
  prob?: number[];
  logit?: number[];
  loss: string;
  params?: Record<string, unknown>;
}

/** Collects console errors and uncaught page errors from the moment it is called. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) =>
    errors.push(`request failed: ${req.url()} (${req.failure()?.errorText ?? '?'})`),
  );
  return errors;
}

/** Opens the page and waits until the board shows a value for every loss. */
export async function openApp(page: Page, url = '/'): Promise<void> {
  await page.goto(url);
  await expect
    .poll(async () => Object.keys(await readBoard(page)).length, {
      message: 'the board shows a [data-loss][data-value] for each of the seventeen losses',
      timeout: 20_000,
    })
    .toBe(ALL_LOSSES.length);
}

/**
 * The board: `data-value` of each `[data-loss]` element, as the page prints it. If a loss is
 * shown in several places, all of them must agree.
 */
export async function readBoard(page: Page): Promise<Board> {
  const pairs = await page
    .locator('[data-loss][data-value]')
    .evaluateAll((els) =>
      els.map((el) => [el.getAttribute('data-loss') ?? '', el.getAttribute('data-value') ?? '']),
    );
  const board: Board = {};
  for (const [name, value] of pairs) {
    if (name in board && board[name] !== value) {
      throw new Error(`data-loss="${name}" shows two values: ${board[name]} and ${value}`);
    }
    board[name] = value;
  }
  return board;
}

/** The board as numbers; fails unless each of the ten losses has a finite number. */
export function numericBoard(board: Board): Record<(typeof ALL_LOSSES)[number], number> {
  const out = {} as Record<(typeof ALL_LOSSES)[number], number>;
  for (const name of ALL_LOSSES) {
    expect(board[name], `data-loss="${name}" is on the page`).toBeDefined();
    const raw = board[name];
    const value = Number(raw);
    expect(raw.trim(), `data-value of ${name} is not empty`).not.toBe('');
    expect(Number.isFinite(value), `data-value of ${name} is a finite number (got "${raw}")`).toBe(
      true,
    );
    out[name] = value;
  }
  return out;
}

/**
 * Waits until the board differs from `before` and then holds still (two reads 100 ms apart
 * agree: pointer moves may be applied once per animation frame), and returns it.
 */
export async function boardChangedFrom(page: Page, before: Board, what: string): Promise<Board> {
  await expect
    .poll(async () => JSON.stringify(await readBoard(page)), {
      message: `the board changes after ${what}`,
    })
    .not.toBe(JSON.stringify(before));
  return settledBoard(page);
}

/** The board once two reads 100 ms apart agree. */
export async function settledBoard(page: Page): Promise<Board> {
  let last = JSON.stringify(await readBoard(page));
  for (let i = 0; i < 50; i++) {
    await page.waitForTimeout(100);
    const now = JSON.stringify(await readBoard(page));
    if (now === last) return JSON.parse(now) as Board;
    last = now;
  }
  throw new Error('the board kept changing for 5 s');
}

/** Reads `data-value` (or the value) of a `data-testid` element as a number. */
export async function testidNumber(page: Page, testid: string): Promise<number> {
  const el = page.getByTestId(testid);
  const raw = (await el.getAttribute('data-value')) ?? (await el.inputValue());
  const value = Number(raw);
  expect(Number.isFinite(value), `${testid} shows a finite number (got "${raw}")`).toBe(true);
  return value;
}

/**
 * Sets an `<input>`'s value as a person's edit would end: the value changes, then `input`
 * and `change` fire (both bubble). Works for range inputs, which `fill` refuses.
 */
export async function setInput(input: Locator, value: string | number): Promise<void> {
  await input.evaluate((el, v) => {
    const inputEl = el as HTMLInputElement;
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    if (setter) setter.call(inputEl, v);
    else inputEl.value = v;
    inputEl.dispatchEvent(new Event('input', { bubbles: true }));
    inputEl.dispatchEvent(new Event('change', { bubbles: true }));
  }, String(value));
}

/** `min` and `max` of an input, as numbers. */
export async function inputRange(input: Locator): Promise<{ min: number; max: number }> {
  const min = Number(await input.getAttribute('min'));
  const max = Number(await input.getAttribute('max'));
  expect(Number.isFinite(min) && Number.isFinite(max), 'the input has numeric min and max').toBe(
    true,
  );
  expect(max, 'max > min').toBeGreaterThan(min);
  return { min, max };
}

/**
 * A pointer stroke with real mouse events (pointerdown, pointermove…, pointerup) across a
 * canvas, along the horizontal line at `yFrac` of its height from `x0Frac` to `x1Frac`.
 */
export async function stroke(
  page: Page,
  canvas: Locator,
  opts: { yFrac?: number; x0Frac?: number; x1Frac?: number; steps?: number } = {},
): Promise<void> {
  const { yFrac = 0.1, x0Frac = 0.1, x1Frac = 0.9, steps = 24 } = opts;
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the canvas has no bounding box (not visible?)');
  const y = box.y + box.height * yFrac;
  await page.mouse.move(box.x + box.width * x0Frac, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * x1Frac, y, { steps });
  await page.mouse.up();
}

/** Clicks `export-case` and parses the downloaded JSON case. */
export async function exportCase(page: Page): Promise<Case> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-case').click(),
  ]);
  const file = await download.path();
  if (!file) throw new Error('the export-case download has no file');
  const text = fs.readFileSync(file, 'utf8');
  return JSON.parse(text) as Case;
}

/** Runs `losslab eval` on a case and returns its parsed output. */
export function cliEval(c: Case): { loss: string; value: number; [k: string]: unknown } {
  if (!fs.existsSync(CLI)) {
    throw new Error(`${CLI} is missing: build it with cargo build --release --bin losslab`);
  }
  const run = spawnSync(CLI, ['eval'], { input: JSON.stringify(c), encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`losslab eval exited ${run.status}: ${run.stderr}\ncase: ${summarize(c)}`);
  }
  return JSON.parse(run.stdout);
}

/** The conformance tolerance of conformance.md for a loss value. */
export function conforms(value: number, ref: number): boolean {
  return Math.abs(value - ref) <= 1e-5 * Math.max(1, Math.abs(ref));
}

/** A short description of a case for failure messages. */
export function summarize(c: Case): string {
  return JSON.stringify({ shape: c.shape, loss: c.loss, params: c.params });
}

/** The number of pixels of a case (`H·W` for binary, `C·H·W` for multi-class). */
export function pixels(c: Case): number {
  return c.shape.reduce((a, b) => a * b, 1);
}

/** Saves a full-page screenshot into the test's output dir (and docs/ when asked). */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const out = testInfo.outputPath(name);
  await page.screenshot({ path: out, fullPage: true });
  await testInfo.attach(name, { path: out, contentType: 'image/png' });
  if (process.env.UPDATE_SCREENSHOT === '1') {
    const docs = path.join(REPO_ROOT, 'docs', 'screenshot.png');
    fs.mkdirSync(path.dirname(docs), { recursive: true });
    fs.copyFileSync(out, docs);
  }
}

// Words allowed to stay English in Chinese mode: names of losses, libraries and tools,
// symbols, units, code words, authors' names in citations, and key names as printed on the
// keys (Ctrl, Shift, Delete).
export const ALLOWED_IN_CHINESE = new Set(
  `losslab bce wce focal dice iou tversky focal_tversky sensitivity_specificity generalized_dice bce_dice
  dice_ce dice_focal topk_ce lovasz_hinge log_cosh_dice combo unified_focal compound w_ce w_focal smooth_nr smooth_dr
  ce_ratio delta none
  BCE WCE Dice IoU Jaccard Tversky Focal MONAI PyTorch Keras smp segmentation_models_pytorch English
  TP FP FN TN JSON Ctrl Shift Delete Z V-Net RetinaNet nnU-Net U-Net Kaggle Airbus CE softmax sigmoid logit logits
  loss_fn y_true y_pred pos_weight BCEWithLogitsLoss np max mean sum per_positive complement plain square
  simple uniform epsilon zero balanced alpha beta gamma smooth squared eps lambda reduction empty weight_type
  absent w_bce w_dice px ms max_abs losslab eval tools oracle check_snippets py batch Brosch et al Salehi
  Abraham Khan Lin Sudre Milletari RGB dtype float ln log exp min target return None dice_coef_loss
  focal_loss generalized_dice_coeff dice_p_bce dice_coef IoU K sum PNG JPEG SVG CSV zip Sy Sp
  NiftyNet torchvision DiceCELoss sensitivity_specificity_loss specificity_part sens_spec_why SGD Adam
  dice_ce dice_focal topk_ce lovasz_hinge log_cosh_dice combo unified_focal Lovász Combo Berman Jadon Taghanaki Wu
  Yeung DiceFocalLoss LovaszLoss TopKLoss SemSegLoss True False NaN asym_unified_focal_loss combo_loss
  generalized_dice_coefficient log_cosh_dice_loss per_image ce_d_w ce_w lambda_ce lambda_dice lambda_focal smooth_nr
  smooth_dr w_ce w_focal cosh tanh softplus form weight r_i paper authors none
  boundary hausdorff_dt cldice dice_cldice Hausdorff Hausdorff-DT clDice GDL Kervadec SciPy skel S_y S_p
  F_p F_y HausdorffDTLoss HausdorffLoss SoftDiceclDiceLoss SoftclDiceLoss DiceLoss BoundaryLoss SurfaceLoss
  LIVIAETS boundary-loss boundary-ramp Tprec Tsens idc int iter iterations truncate CPU dist
  distance_transform_edt edt forward mask no_grad one_hot s_dr s_nr torch CVPR Shit IEEE TMI Karimi
  Salcudean ce include_background labels`.split(/\s+/),
);

/**
 * The English words left on a page shown in Chinese, each with where it was found: in the
 * visible text (outside `<pre>`, `<code>`, `<math>` and `<cite>`, which keep code and a
 * paper's reference as they are), in the options of visible `<select>`s, and in the `title`,
 * `aria-label` and `placeholder` of visible elements. A word is two or more Latin letters
 * (with `_` or `-` inside; accented Latin letters count) not in `ALLOWED_IN_CHINESE`. An option that keeps its code word
 * (its value) before a Chinese explanation, as the loss parameters' word choices do
 * (`mean（均值）`), is read without that code word; a word choice without Chinese is read whole.
 */
export async function englishLeft(page: Page): Promise<string[]> {
  return page.evaluate((allowed) => {
    const left = new Set<string>();
    const cjk = /[\u3400-\u9fff]/;
    const scan = (text: string, where: string) => {
      // Latin letters, accented ones included (Lovász), but not × or ÷.
      const latin = 'A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F';
      const word = new RegExp(`[${latin}][${latin}_-]*[${latin}]`, 'g');
      for (const w of text.match(word) ?? []) {
        if (!allowed.includes(w)) left.add(`${w} (${where}: "${text.trim().slice(0, 60)}")`);
      }
    };
    const seen = (el: Element) => el.checkVisibility();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      // A <cite> is a paper's reference (authors, title, venue), kept in the paper's language.
      if (!el || el.closest('pre, code, math, option, script, style, cite, .brand h1')) continue;
      if (!seen(el)) continue;
      scan(node.textContent ?? '', 'text');
    }
    for (const sel of document.querySelectorAll('select')) {
      if (!seen(sel)) continue;
      for (const opt of sel.options) {
        const text = opt.text;
        const rest = text.startsWith(opt.value) ? text.slice(opt.value.length) : text;
        scan(cjk.test(rest) ? rest : text, `option of ${sel.getAttribute('data-testid') ?? sel.getAttribute('data-param') ?? 'select'}`);
      }
    }
    for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
      if (el.closest('.brand h1') || !seen(el)) continue;
      for (const attr of ['title', 'aria-label', 'placeholder']) {
        const v = el.getAttribute(attr);
        if (v) scan(v, `${attr} of ${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}`);
      }
    }
    return [...left].sort();
  }, [...ALLOWED_IN_CHINESE]);
}
