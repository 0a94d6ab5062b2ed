// The seven losses of losses-compound.md on the board, with the controls their ParamSpecs
// declare (a set value moves the value, equals `losslab eval` of the exported case, and
// travels in the link), and the compound card: its total is w₁·v₁ + w₂·v₂ computed here from
// the two single losses' board values, its parts are shown, and `compound.*` round-trips.
import { expect, test, type Page } from '@playwright/test';
import {
  COMPOUND_LOSSES,
  cliEval,
  conforms,
  exportCase,
  openApp,
  readBoard,
  setInput,
  settledBoard,
  watchErrors,
} from './helpers';

/** Each new loss's parameter controls (`data-param`), from losses-compound.md's tables. */
const PARAMS: Record<string, string[]> = {
  dice_ce: ['smooth_nr', 'smooth_dr', 'w_dice', 'w_ce', 'pos_weight'],
  dice_focal: ['smooth_nr', 'smooth_dr', 'gamma', 'alpha', 'alpha_none', 'w_dice', 'w_focal'],
  topk_ce: ['k'],
  lovasz_hinge: [],
  log_cosh_dice: ['smooth'],
  combo: ['ce_ratio', 'beta', 'smooth', 'form'],
  unified_focal: ['lambda', 'delta', 'gamma'],
};

const hash = (page: Page) => page.evaluate(() => decodeURIComponent(location.hash));

/** Waits for the debounced link to contain `part`, and returns it. */
async function linkWith(page: Page, part: string): Promise<string> {
  await expect.poll(() => hash(page), { message: `the link carries ${part}` }).toContain(part);
  return hash(page);
}

test('every new loss is on the board with its parameters', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  for (const loss of COMPOUND_LOSSES) {
    const row = page.locator(`[data-loss-row="${loss}"]`);
    await expect(row, loss).toBeVisible();
    const params = await row
      .locator('[data-param]')
      .evaluateAll((els) => [...new Set(els.map((el) => el.getAttribute('data-param')))]);
    expect(params.sort(), `${loss}'s controls`).toEqual([...PARAMS[loss]].sort());
  }
  // top-k's k is in percent; Dice + focal's α starts at "none" (MONAI's alpha=None) with its
  // number field greyed out.
  await expect(page.locator('[data-loss-row="topk_ce"] .field-label').first()).toContainText('(%)');
  const none = page.locator('[data-loss-row="dice_focal"] input[data-param="alpha_none"]');
  await expect(none).toBeChecked();
  await expect(page.locator('[data-loss-row="dice_focal"] input.num[data-param="alpha"]')).toBeDisabled();
  expect(errors).toEqual([]);
});

test("top-k's k: the value follows the control, equals losslab eval, and round-trips in the link", async ({
  page,
  browser,
}) => {
  const errors = watchErrors(page);
  await openApp(page);
  const before = await settledBoard(page);
  await setInput(page.locator('[data-loss-row="topk_ce"] input.num[data-param="k"]'), 50);
  await expect.poll(async () => (await readBoard(page)).topk_ce).not.toBe(before.topk_ce);
  const after = await settledBoard(page);
  await page.getByTestId('current-loss').selectOption('topk_ce');
  const c = await exportCase(page);
  expect(c.params).toMatchObject({ k: 50 });
  const out = cliEval(c);
  expect(conforms(Number(after.topk_ce), out.value), `${after.topk_ce} vs ${out.value}`).toBe(true);
  const link = await linkWith(page, 'loss.topk_ce.k=50');
  // A fresh page opened on the link shows the same value and control.
  const other = await browser.newPage();
  await openApp(other, `/${link}`);
  await expect.poll(async () => (await readBoard(other)).topk_ce).toBe(after.topk_ce);
  await expect(other.locator('[data-loss-row="topk_ce"] input.num[data-param="k"]')).toHaveValue('50');
  // Nothing of the link was refused (the compound's constant schedule included).
  await expect(other.getByTestId('notice')).toBeHidden();
  await other.close();
  expect(errors).toEqual([]);
});

test("Dice + focal's α: a number, then \"none\" again, both through the link", async ({ page, browser }) => {
  const errors = watchErrors(page);
  await openApp(page);
  const before = await settledBoard(page);
  const none = page.locator('[data-loss-row="dice_focal"] input[data-param="alpha_none"]');
  await none.uncheck();
  // Unchecked, α takes the number the field showed (focal's 0.25): the class weighting moves
  // the value.
  await expect.poll(async () => (await readBoard(page)).dice_focal).not.toBe(before.dice_focal);
  const weighted = await settledBoard(page);
  const link = await linkWith(page, 'loss.dice_focal.alpha=0.25');
  const other = await browser.newPage();
  await openApp(other, `/${link}`);
  await expect.poll(async () => (await readBoard(other)).dice_focal).toBe(weighted.dice_focal);
  await expect(other.locator('[data-loss-row="dice_focal"] input[data-param="alpha_none"]')).not.toBeChecked();
  await other.close();
  // Back to none: the default, which the link leaves out, and the value as before.
  await none.check();
  await expect.poll(async () => (await readBoard(page)).dice_focal).toBe(before.dice_focal);
  await expect.poll(() => hash(page)).not.toContain('loss.dice_focal.alpha');
  // "none" written out in a link is read as the word.
  const spelled = await browser.newPage();
  await openApp(spelled, '/#v1&loss.dice_focal.alpha=none&loss.dice_focal.gamma=0');
  await expect(spelled.locator('[data-loss-row="dice_focal"] input[data-param="alpha_none"]')).toBeChecked();
  await expect(spelled.getByTestId('notice')).toBeHidden();
  // losses-compound.md: γ = 0 with α none is Dice + CE (same smooth and weights).
  const board = await settledBoard(spelled);
  expect(Math.abs(Number(board.dice_focal) - Number(board.dice_ce))).toBeLessThanOrEqual(1e-12);
  await spelled.close();
  expect(errors).toEqual([]);
});

/** The compound card's figures. */
async function card(page: Page) {
  const num = async (testid: string, attr = 'data-value') =>
    Number(await page.getByTestId(testid).getAttribute(attr));
  return {
    total: await num('compound-total'),
    parts: await Promise.all(
      [0, 1].map(async (i) => ({
        loss: await page.getByTestId(`compound-part-${i}`).getAttribute('data-loss-name'),
        value: await num(`compound-part-${i}`),
        weight: await num(`compound-part-${i}`, 'data-weight'),
        weighted: await num(`compound-part-${i}`, 'data-weighted'),
      })),
    ),
  };
}

test('the compound card: the total is w₁·v₁ + w₂·v₂ of the board values, parts shown, compound.* round-trips', async ({
  page,
  browser,
}) => {
  const errors = watchErrors(page);
  await openApp(page);
  // nnU-Net's pairing by default: Dice + top-k CE, 1 : 1.
  let c = await card(page);
  let board = await settledBoard(page);
  expect(c.parts.map((p) => p.loss)).toEqual(['dice', 'topk_ce']);
  expect(c.total).toBe(Number(board.dice) + Number(board.topk_ce));
  // generalized_dice cannot be a term (losses-compound.md §18).
  const offered = await page
    .getByTestId('compound-loss-0')
    .locator('option')
    .evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value));
  expect(offered).toHaveLength(20);
  expect(offered).not.toContain('generalized_dice');

  await page.getByTestId('compound-loss-0').selectOption('iou');
  await page.getByTestId('compound-loss-1').selectOption('combo');
  await setInput(page.getByTestId('compound-weight-0'), 0.5);
  await setInput(page.getByTestId('compound-weight-1'), 2);
  await expect.poll(async () => (await card(page)).parts.map((p) => [p.loss, p.weight])).toEqual([
    ['iou', 0.5],
    ['combo', 2],
  ]);
  board = await settledBoard(page);
  c = await card(page);
  const [v1, v2] = [Number(board.iou), Number(board.combo)];
  expect(c.parts[0].value, 'part 1 unweighted is the iou row').toBe(v1);
  expect(c.parts[1].value, 'part 2 unweighted is the combo row').toBe(v2);
  expect(Math.abs(c.parts[0].weighted - 0.5 * v1)).toBeLessThanOrEqual(1e-15);
  expect(Math.abs(c.parts[1].weighted - 2 * v2)).toBeLessThanOrEqual(1e-15);
  expect(Math.abs(c.total - (0.5 * v1 + 2 * v2)), `${c.total} vs ${0.5 * v1 + 2 * v2}`).toBeLessThanOrEqual(
    1e-12 * Math.max(1, Math.abs(c.total)),
  );
  // A term takes its loss's own card parameters: combo's ce_ratio moves the compound too.
  await setInput(page.locator('[data-loss-row="combo"] input.num[data-param="ce_ratio"]'), 0.9);
  await expect.poll(async () => (await readBoard(page)).combo).not.toBe(board.combo);
  board = await settledBoard(page);
  await expect
    .poll(async () => {
      const now = await card(page);
      return Math.abs(now.total - (0.5 * Number(board.iou) + 2 * Number(board.combo)));
    })
    .toBeLessThanOrEqual(1e-12);

  // A linear schedule: the board keeps the step-0 weights and says what the race does.
  await page.getByTestId('compound-schedule').selectOption('linear');
  await setInput(page.getByTestId('compound-steps'), 200);
  await setInput(page.getByTestId('compound-end-1'), 0.25);
  await expect(page.getByTestId('compound-schedule-note')).toContainText('200');
  await expect(page.getByTestId('compound-schedule-note')).toContainText('0.25');
  await expect(page.getByTestId('compound-weights-0')).toContainText('0.5');
  const atZero = await card(page);
  expect(atZero.parts.map((p) => p.weight), 'the board shows step 0').toEqual([0.5, 2]);
  expect(Math.abs(atZero.total - (0.5 * Number(board.iou) + 2 * Number(board.combo)))).toBeLessThanOrEqual(1e-12);

  const link = await linkWith(page, 'compound.b_end=0.25');
  for (const part of ['compound.a=iou', 'compound.b=combo', 'compound.a_weight=0.5', 'compound.b_weight=2', 'compound.schedule=linear', 'compound.steps=200']) {
    expect(link).toContain(part);
  }
  const before = await card(page);
  const other = await browser.newPage();
  await openApp(other, `/${link}`);
  await expect.poll(async () => (await card(other)).total).toBe(before.total);
  await expect(other.getByTestId('compound-loss-0')).toHaveValue('iou');
  await expect(other.getByTestId('compound-loss-1')).toHaveValue('combo');
  await expect(other.getByTestId('compound-schedule')).toHaveValue('linear');
  await expect(other.getByTestId('compound-steps')).toHaveValue('200');
  await expect(other.getByTestId('notice')).toBeHidden();
  await other.close();

  // A link naming generalized_dice as a term is refused, the rest kept.
  const refused = await browser.newPage();
  await openApp(refused, '/#v1&compound.a=generalized_dice&compound.b=lovasz_hinge');
  await expect(refused.getByTestId('compound-loss-1')).toHaveValue('lovasz_hinge');
  await expect(refused.getByTestId('compound-loss-0')).toHaveValue('dice');
  await refused.close();
  expect(errors).toEqual([]);
});

test('the compound as code: each library composes both terms with their weights, and a schedule as weights(step)', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openApp(page);
  await page.getByTestId('compound-loss-0').selectOption('dice');
  await page.getByTestId('compound-loss-1').selectOption('lovasz_hinge');
  await setInput(page.getByTestId('compound-weight-1'), 0.75);
  const code = page.getByTestId('compound-code');
  await code.locator('summary').click();
  for (const library of ['pytorch', 'monai', 'smp', 'keras']) {
    const pre = code.locator(`figure[data-code="${library}"] pre`);
    await expect(pre, `${library}: loss_fn`).toContainText('loss_fn');
    await expect(pre, `${library}: the second weight`).toContainText('0.75');
  }
  // smp ships the Lovász hinge: its snippet calls the library's class.
  await expect(code.locator('figure[data-code="smp"] pre')).toContainText('LovaszLoss');
  await page.getByTestId('compound-schedule').selectOption('step');
  await expect(code.locator('figure[data-code="pytorch"] pre')).toContainText('def weights(step)');
  expect(errors).toEqual([]);
});
