// The learn view (formula cards with live numbers, code per library), the claims tour and the
// language switch, through the hooks of testing-hooks.md and src/ui/learn.rs.
import { expect, test, type Page } from '@playwright/test';
import { LOSSES, numericBoard, openApp, readBoard, watchErrors } from './helpers';

const SHOTS = process.env.TEACH_SHOTS; // a directory: save screenshots there when set

async function openView(page: Page, view: string) {
  await page.locator(`[data-view="${view}"]`).click();
  await expect(page.locator(`[data-view="${view}"]`)).toHaveAttribute('aria-selected', 'true');
}

test('every loss has a formula card whose substituted numbers give the board value', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  const board = numericBoard(await readBoard(page));
  await openView(page, 'learn');
  for (const loss of LOSSES) {
    const card = page.locator(`[data-formula="${loss}"]`);
    await expect(card, `card of ${loss}`).toHaveCount(1);
    expect(await card.locator('math').count(), `${loss}: MathML`).toBeGreaterThanOrEqual(3);
    const shown = Number(await card.locator('[data-substituted]').getAttribute('data-value'));
    // The card recomputes region losses from the substituted soft counts; the board's value
    // comes from the core's evaluation of every pixel: the two must agree.
    expect(Math.abs(shown - board[loss]), `${loss}: card ${shown} vs board ${board[loss]}`).toBeLessThanOrEqual(
      1e-9 * Math.max(1, Math.abs(board[loss])),
    );
  }
  // The current loss (dice by default) is first and open.
  const first = page.locator('[data-formula]').first();
  await expect(first).toHaveAttribute('data-formula', 'dice');
  await expect(first).toHaveAttribute('open', '');
  await page.getByTestId('current-loss').selectOption('tversky');
  await expect(page.locator('[data-formula]').first()).toHaveAttribute('data-formula', 'tversky');
  await expect(page.locator('[data-formula="tversky"] math').first()).toBeVisible();
  expect(errors).toEqual([]);
});

test('code snippets translate the parameters per library', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('current-loss').selectOption('tversky');
  await openView(page, 'learn');
  for (const lib of ['pytorch', 'monai', 'smp', 'keras']) {
    await expect(page.locator(`[data-code="${lib}"] code`)).toHaveCount(1);
  }
  // losslab (the article): alpha = 0.7 on FN, beta = 0.3 on FP; MONAI and smp put alpha on FP.
  await expect(page.locator('[data-code="monai"] code')).toContainText('alpha=0.3, beta=0.7');
  await expect(page.locator('[data-code="smp"] code')).toContainText('alpha=0.3, beta=0.7');
  await expect(page.locator('[data-code="pytorch"] code')).toContainText('0.7 * fn_ + 0.3 * fp');
  // Focal alpha stays on the positive class everywhere.
  await page.getByTestId('current-loss').selectOption('focal');
  await expect(page.locator('[data-code="keras"] code')).toContainText('alpha=0.25');
  await expect(page.locator('[data-code="monai"] code')).toContainText('alpha=0.25');
  // Copy puts the snippet on the clipboard.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.locator('[data-copy="monai"]').click();
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  expect(clip).toContain('FocalLoss(gamma=2.0, alpha=0.25');
  await expect(page.locator('[data-erratum]')).toHaveCount(6);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/learn-en.png`, fullPage: true });
});

/** What each step must reach: view, current loss, and a parameter or scene control. */
const STEPS: { view: string; current: string; check?: (page: Page) => Promise<void> }[] = [
  { view: 'scene', current: 'bce', check: async (p) => expect(p.getByTestId('object-size')).toHaveValue('12') },
  { view: 'race', current: 'wce' },
  {
    view: 'scene',
    current: 'focal',
    check: async (p) => expect(p.locator('[data-loss-row="focal"] select[data-param="reduction"]')).toHaveValue('sum'),
  },
  { view: 'curves', current: 'dice', check: async (p) => expect(p.getByTestId('background-confidence')).toHaveValue('0.001') },
  { view: 'race', current: 'iou' },
  {
    view: 'scene',
    current: 'tversky',
    check: async (p) => {
      await expect(p.locator('[data-loss-row="tversky"] input[data-param="alpha"]')).toHaveValue('0.5');
      await expect(p.locator('[data-loss-row="tversky"] input[data-param="beta"]')).toHaveValue('0.5');
      // The claim's identity, in the board's own numbers: by hand, Tversky(½, ½) with s is
      // (TP + s)/((Σy + Σp)/2 + s) = (2TP + 2s)/(Σy + Σp + 2s), Dice with 2s: the step sets
      // Tversky's s = 0.5 against Dice's 1.
      await expect(p.locator('[data-loss-row="tversky"] input[data-param="smooth"]')).toHaveValue('0.5');
      const b = numericBoard(await readBoard(p));
      expect(Math.abs(b.tversky - b.dice)).toBeLessThan(1e-12);
    },
  },
  { view: 'scene', current: 'sensitivity_specificity', check: async (p) => expect(p.getByTestId('object-size')).toHaveValue('20') },
  { view: 'curves', current: 'dice', check: async (p) => expect(p.getByTestId('object-size')).toHaveValue('4') },
  { view: 'race', current: 'bce_dice' },
  { view: 'curves', current: 'dice', check: async (p) => expect(p.getByTestId('grid-size')).toHaveValue('128') },
  { view: 'race', current: 'dice' },
];

test('the tour walks the eleven claims, each reaching its state with a live figure', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  await expect(page.locator('[data-tour-step]')).toHaveCount(0);
  await page.getByTestId('tour-start').click();
  for (let n = 1; n <= 11; n++) {
    const s = STEPS[n - 1];
    await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', String(n));
    await expect(page.locator(`[data-view="${s.view}"]`), `step ${n} view`).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('current-loss'), `step ${n} current loss`).toHaveValue(s.current);
    if (s.check) await s.check(page);
    await expect(page.locator('[data-tour-figure]')).not.toHaveText('');
    if (n === 6 && SHOTS) await page.screenshot({ path: `${SHOTS}/tour-6.png` });
    if (n < 11) await page.getByTestId('tour-next').click();
  }
  await expect(page.getByTestId('tour-next')).toBeDisabled();
  await page.getByTestId('tour-prev').click();
  await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', '10');
  // Leave, and come back where we left.
  await page.getByTestId('tour-exit').click();
  await expect(page.locator('[data-tour-step]')).toHaveCount(0);
  await page.getByTestId('tour-start').click();
  await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', '10');
  expect(errors).toEqual([]);
});

test('live figures follow the state: C8 missing one pixel, C3 sum against mean', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('tour-start').click();
  for (let n = 1; n < 3; n++) await page.getByTestId('tour-next').click();
  // 64 × 64 = 4096 pixels: sum / mean = N exactly.
  await expect(page.locator('[data-tour-figure]')).toContainText('4096');
  for (let n = 3; n < 8; n++) await page.getByTestId('tour-next').click();
  await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', '8');
  const small = await page.locator('[data-tour-figure]').textContent();
  // By hand: a 4-pixel square predicted 0.99, background 1e-4 on 4092 pixels (Σp_bg = 0.4092),
  // smooth 1: D = (2·3.96 + 1)/(4 + 3.96 + 0.4092 + 1) = 0.95206; one pixel missed:
  // D = (2·2.97 + 1)/(4 + 2.97 + 0.4092 + 1) = 0.82824, a drop of 13.0 %.
  expect(small).toContain('0.9521');
  expect(small).toContain('0.8282');
  expect(small).toContain('13.0 %');
  // A bigger object: the same miss moves Dice less.
  const size = page.getByTestId('object-size');
  await size.fill('400');
  await size.dispatchEvent('input');
  await expect(page.locator('[data-tour-figure]')).not.toHaveText(small ?? '');
});

test('a link opens the tour at a step', async ({ page }) => {
  await page.goto('/#tour=6');
  await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', '6');
  await expect(page.locator('[data-loss-row="tversky"] input[data-param="alpha"]')).toHaveValue('0.5');
});

// Words allowed to stay English in Chinese mode: names of losses, libraries and tools,
// symbols, units and code words.
const ALLOWED = new Set(
  `losslab bce wce focal dice iou tversky focal_tversky sensitivity_specificity generalized_dice bce_dice
  BCE WCE Dice IoU Jaccard Tversky Focal MONAI PyTorch Keras smp segmentation_models_pytorch English
  TP FP FN TN JSON Ctrl Shift Z V-Net RetinaNet nnU-Net U-Net Kaggle Airbus CE softmax sigmoid logit logits
  loss_fn y_true y_pred pos_weight BCEWithLogitsLoss np max mean sum per_positive complement plain square
  simple uniform epsilon zero balanced alpha beta gamma smooth squared eps lambda reduction empty weight_type
  absent w_bce w_dice px ms max_abs losslab eval tools oracle check_snippets py batch Brosch et al Salehi
  Abraham Khan Lin Sudre Milletari RGB dtype float ln log exp min target return None dice_coef_loss
  focal_loss generalized_dice_coeff dice_p_bce dice_coef IoU K sum PNG JPEG SVG CSV Sy Sp`.split(/\s+/),
);

async function englishLeft(page: Page): Promise<string[]> {
  return page.evaluate((allowed) => {
    const left = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || el.closest('pre, code, math, option, script, style, .brand h1')) continue;
      if (!el.checkVisibility()) continue;
      for (const w of (node.textContent ?? '').match(/[A-Za-z][A-Za-z_-]*[A-Za-z]/g) ?? []) {
        if (!allowed.includes(w)) left.add(w);
      }
    }
    return [...left];
  }, [...ALLOWED]);
}

test('switching to Chinese leaves no English words, and back; remembered', async ({ page }) => {
  await openApp(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const lang = page.getByTestId('lang');
  await lang.selectOption('zh');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh');
  for (const view of ['scene', 'learn', 'gradients', 'curves', 'race']) {
    await openView(page, view);
    await page.waitForTimeout(100);
    expect(await englishLeft(page), `English words left in the ${view} view`).toEqual([]);
  }
  await page.getByTestId('tour-start').click();
  for (let n = 1; n <= 11; n++) {
    expect(await englishLeft(page), `English words left at tour step ${n}`).toEqual([]);
    if (n < 11) await page.getByTestId('tour-next').click();
  }
  await page.getByTestId('tour-exit').click();
  await openView(page, 'learn');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/learn-zh.png`, fullPage: true });
  // Remembered across a reload.
  expect(await page.evaluate(() => localStorage.getItem('losslab.lang'))).toBe('zh');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh');
  await expect(page.getByTestId('lang')).toHaveValue('zh');
  // And back to English: the visible text changes back.
  await page.getByTestId('lang').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('[data-view="learn"]')).toHaveText('Learn');
  // No Chinese left in English, in any view.
  for (const view of ['scene', 'learn', 'gradients', 'curves', 'race']) {
    await openView(page, view);
    const cjk = await page.evaluate(() => {
      const left: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!el || el.closest('option, script, style') || !el.checkVisibility()) continue;
        if (/[\u3400-\u9fff\uff00-\uffef]/.test(node.textContent ?? '')) left.push(node.textContent ?? '');
      }
      return left;
    });
    expect(cjk, `Chinese left in the ${view} view`).toEqual([]);
  }
});

test('first visit follows the browser language', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await openApp(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh');
  await expect(page.getByTestId('lang')).toHaveValue('zh');
  await context.close();
});

test('canvases paint from the keyboard', async ({ page }) => {
  await openApp(page);
  const before = await page.getByTestId('fg-fraction').getAttribute('data-value');
  const target = page.locator('canvas[data-layer="target"]');
  await target.focus();
  // The default object is centred; move well away from it, then paint one dab.
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowLeft');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowUp');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('fg-fraction')).not.toHaveAttribute('data-value', before ?? '');
  const after = Number(await page.getByTestId('fg-fraction').getAttribute('data-value'));
  expect(after).toBeGreaterThan(Number(before));
});
