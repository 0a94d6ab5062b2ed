// The learn cards of the seven losses of losses-compound.md: every card shows its sections,
// its value recomputed from the numbers it substitutes equals the board's, it says how the loss
// is computed (on logits, needs an order), and its gradient at one pixel equals an
// independent computation from the exported case with the contract's formulas.
import { expect, test, type Page } from '@playwright/test';
import { exportCase, openApp, setInput, settledBoard, watchErrors } from './helpers';

/** The seven losses of losses-compound.md. */
const COMPOUND = ['dice_ce', 'dice_focal', 'topk_ce', 'lovasz_hinge', 'log_cosh_dice', 'combo', 'unified_focal'] as const;
/** Computed on logits (the contract's logit-native losses), and needing an order of the pixels. */
const ON_LOGITS = ['dice_ce', 'dice_focal', 'topk_ce', 'lovasz_hinge'];
const RANKING = ['topk_ce', 'lovasz_hinge'];

async function openView(page: Page, view: string) {
  await page.locator(`[data-view="${view}"]`).click();
  await expect(page.locator(`[data-view="${view}"]`)).toHaveAttribute('aria-selected', 'true');
}

/** The board's values (the board is on the scene view), then each card's recomputed value
 * against them, to 1e-9 (relative), in the learn view. */
async function expectCardsEqualBoard(page: Page, what: string) {
  await openView(page, 'scene');
  const board = await settledBoard(page);
  await openView(page, 'learn');
  for (const loss of COMPOUND) {
    const want = Number(board[loss]);
    const card = Number(await page.locator(`[data-formula="${loss}"] [data-substituted]`).getAttribute('data-value'));
    expect(Number.isFinite(want) && Number.isFinite(card), `${what}: ${loss} numbers`).toBe(true);
    expect(Math.abs(card - want), `${what}: ${loss} card ${card} vs board ${want}`).toBeLessThanOrEqual(
      1e-9 * Math.max(1, Math.abs(want)),
    );
  }
}

test('every compound loss has a card with its sections, and its value is the board row’s', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  await openView(page, 'learn');
  for (const loss of COMPOUND) {
    const card = page.locator(`[data-formula="${loss}"]`);
    await expect(card, `card of ${loss}`).toHaveCount(1);
    await card.evaluate((d) => ((d as HTMLDetailsElement).open = true));
    expect(await card.locator('math').count(), `${loss}: MathML`).toBeGreaterThanOrEqual(3);
    // Definition, with numbers, gradient, at one pixel, parameters, when, pitfalls, reference.
    await expect(card.locator('h4'), `${loss}: its sections`).toHaveCount(8);
    for (const p of await card.locator('p').allTextContents()) expect(p.trim(), `${loss}: a text`).not.toBe('');
    await expect(card.locator('[data-reference]')).toContainText(/\b(19|20)\d\d\b/);
    await expect(card.locator('[data-computed="logits"]')).toHaveCount(ON_LOGITS.includes(loss) ? 1 : 0);
    await expect(card.locator('[data-computed="ranking"]')).toHaveCount(RANKING.includes(loss) ? 1 : 0);
    const at = card.locator('[data-grad-at]');
    await expect(at, `${loss}: the gradient at one pixel`).toHaveCount(1);
    for (const hook of ['data-grad-prob', 'data-grad-logit']) {
      expect(Number.isFinite(Number(await at.getAttribute(hook))), `${loss} ${hook}`).toBe(true);
    }
  }
  await expectCardsEqualBoard(page, 'default scene');
  // The cards follow the parameters and the scene.
  await page.getByTestId('current-loss').selectOption('topk_ce');
  await openView(page, 'scene');
  await setInput(page.locator('[data-loss-row="topk_ce"] input[data-param="k"]'), 29);
  await page.locator('[data-loss-row="combo"] select[data-param="form"]').selectOption('authors_2020');
  await setInput(page.getByTestId('object-size'), 40);
  // An unsure background (z = ln(0.3/0.7) > −1): the Lovász hinge's errors are then many.
  await setInput(page.getByTestId('background-confidence'), 0.3);
  await expectCardsEqualBoard(page, 'k = 29, combo authors_2020, 40 px, background 0.3');
  expect(errors).toEqual([]);
});

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const EPS = 1e-7;
const clampP = (p: number) => Math.min(1 - EPS, Math.max(EPS, p));
/** The logit the libraries see for a probability: z = ln p̂ − ln(1 − p̂). */
const logit = (p: number) => Math.log(clampP(p)) - Math.log1p(-clampP(p));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

test('the gradient at one pixel of dice_ce and lovasz_hinge, by the contract’s formulas', async ({ page }) => {
  await openApp(page);
  // An unsure object (z = ln(0.6/0.4) < 1): its first pixel is a Lovász error, with a gradient.
  await setInput(page.getByTestId('foreground-confidence'), 0.6);
  for (const loss of ['dice_ce', 'lovasz_hinge']) {
    await page.getByTestId('current-loss').selectOption(loss);
    const c = await exportCase(page);
    expect(c.loss).toBe(loss);
    const y = c.target;
    const p = c.prob!;
    const z = p.map(logit);
    const i = y.findIndex((t) => t >= 0.5); // the card's pixel: the first object pixel
    let gz: number;
    if (loss === 'dice_ce') {
      // losses-compound.md §11 with the defaults (s_nr = s_dr = 1e-5, λ's 1, w⁺ = 1):
      // ∂L/∂z_i = −∂D/∂σ_i·σ_i(1 − σ_i) + (σ_i − y_i)/N.
      const s = z.map(sigmoid);
      const inter = sum(y.map((t, j) => t * s[j]));
      const den = sum(y) + sum(s) + 1e-5;
      const dD = (2 * y[i] * den - (2 * inter + 1e-5)) / (den * den);
      gz = -dD * s[i] * (1 - s[i]) + (s[i] - y[i]) / y.length;
    } else {
      // §14: errors e = 1 − z·t sorted descending (ties: lower index), g_k = J_k − J_{k−1};
      // ∂L/∂z_i = −t_i·g at its place, 0 where e ≤ 0.
      const t = y.map((v) => 2 * v - 1);
      const e = z.map((v, j) => 1 - v * t[j]);
      const order = [...e.keys()].filter((j) => e[j] > 0).sort((a, b) => e[b] - e[a] || a - b);
      const G = sum(y);
      let [cum, prev] = [0, 0];
      gz = 0;
      order.forEach((j, k) => {
        cum += y[j];
        const J = 1 - (G - cum) / (G + k + 1 - cum);
        if (j === i) gz = -t[j] * (J - prev);
        prev = J;
      });
    }
    await openView(page, 'learn');
    const at = page.locator(`[data-formula="${loss}"] [data-grad-at]`);
    const shown = Number(await at.getAttribute('data-grad-logit'));
    expect(gz, `${loss}: a pixel with a gradient`).not.toBe(0);
    expect(Math.abs(shown - gz), `${loss}: card ∂L/∂z ${shown} vs ${gz}`).toBeLessThanOrEqual(1e-9 * Math.max(1e-3, Math.abs(gz)));
    // The probability gradient: ∂L/∂z / (p̂(1 − p̂)) inside the clamp.
    const q = clampP(p[i]);
    const gp = Number(await at.getAttribute('data-grad-prob'));
    expect(Math.abs(gp - gz / (q * (1 - q)))).toBeLessThanOrEqual(1e-9 * Math.max(1e-3, Math.abs(gp)));
    await openView(page, 'scene');
  }
});
