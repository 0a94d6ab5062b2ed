// The learn view (formula cards with live numbers, code per library), the claims tour and the
// language switch, through the hooks of testing-hooks.md and src/ui/learn.rs.
import { expect, test, type Page } from '@playwright/test';
import { LOSSES, englishLeft, exportCase, numericBoard, openApp, readBoard, setInput, watchErrors, type Case } from './helpers';

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

/** Every number in `text`, in order (sig()'s forms: 12, 0.0345, 1.23e-5, -4.5). */
function numbersIn(text: string): number[] {
  return (text.match(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/g) ?? []).map(Number);
}

/** `shown`, printed with `digits` significant digits, is `want` rounded to them. */
function expectShown(shown: number, want: number, digits: number, what: string): void {
  const unit = want === 0 ? 0 : 10 ** (Math.floor(Math.log10(Math.abs(want))) - digits + 1);
  expect(Math.abs(shown - want), `${what}: shown ${shown}, computed ${want}`).toBeLessThanOrEqual(0.5001 * unit + 1e-300);
}

/** The `{name value}` pairs of a race figure ("bce 0.035 · wce 0.419"). */
function pairsIn(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/([a-z_]+) (-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)/g)) out[m[1]] = Number(m[2]);
  return out;
}

// Independent computations of each figure from the exported case (target, prediction, the
// current loss's parameters), with the formulas and defaults of losses.md.
const CLAMP = 1e-7; // losses.md: p is clamped to [1e-7, 1 − 1e-7] inside a log
const clampP = (p: number) => Math.min(1 - CLAMP, Math.max(CLAMP, p));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
function param(c: Case, key: string, fallback: number | string): number | string {
  return (c.params?.[key] as number | string | undefined) ?? fallback;
}
/** Soft counts of a binary case. */
function counts(y: number[], p: number[]) {
  const tp = sum(y.map((t, i) => t * p[i]));
  return { n: y.length, sy: sum(y), sp: sum(p), tp, fn: sum(y) - tp, fp: sum(p) - tp };
}
/** Soft Dice's value `1 − (2TP + s)/(Σy + Σp + s)` and `∂L/∂p`. */
function dice(y: number[], p: number[], s: number) {
  const k = counts(y, p);
  const den = k.sy + k.sp + s;
  const num = 2 * k.tp + s;
  return { loss: 1 - num / den, gradP: y.map((t) => -(2 * t * den - num) / (den * den)) };
}
/** The largest |∂L/∂z| over object pixels, `∂L/∂z = ∂L/∂p · p(1 − p)`. */
function maxObjectLogitGrad(y: number[], p: number[], gradP: number[]): number {
  let m = 0;
  for (let i = 0; i < y.length; i++) if (y[i] >= 0.5) m = Math.max(m, Math.abs(gradP[i] * p[i] * (1 - p[i])));
  return m;
}

/** Checks the live figure of a scene step against the exported case. */
type SceneCheck = (page: Page, c: Case, figure: string) => Promise<void>;

const C1: SceneCheck = async (_page, c, figure) => {
  // Mean BCE: ∂L/∂z = (p − y)/N inside the clamp; the background's share of Σ|∂L/∂z|.
  const y = c.target;
  const p = c.prob!;
  const g = y.map((t, i) => Math.abs(clampP(p[i]) - t));
  const bg = sum(g.filter((_, i) => y[i] < 0.5));
  const [share, bgPx, fgPx] = numbersIn(figure);
  expectShown(share, (100 * bg) / sum(g), 3, 'C1 background share (%)');
  expect(bgPx).toBe(y.length - sum(y));
  expect(fgPx).toBe(sum(y));
};

const C3: SceneCheck = async (_page, c, figure) => {
  expect(param(c, 'reduction', 'mean')).toBe('sum');
  const a = Number(param(c, 'alpha', 0.25));
  const gamma = Number(param(c, 'gamma', 2));
  const terms = c.target.map((t, i) => {
    const q = clampP(c.prob![i]);
    return -a * t * (1 - q) ** gamma * Math.log(q) - (1 - a) * (1 - t) * q ** gamma * Math.log(1 - q);
  });
  const [s, m, ratio, n] = numbersIn(figure);
  expectShown(s, sum(terms), 4, 'C3 sum');
  expectShown(m, sum(terms) / terms.length, 4, 'C3 mean');
  expectShown(ratio, terms.length, 4, 'C3 sum / mean');
  expect(n).toBe(terms.length);
};

const C4: SceneCheck = async (page, c, figure) => {
  const y = c.target;
  const p = c.prob!;
  const d = dice(y, p, Number(param(c, 'smooth', 1)));
  const diceMax = maxObjectLogitGrad(y, p, d.gradP);
  // Mean BCE: ∂L/∂p·p(1 − p) = (p − y)/N.
  const bceMax = Math.max(...y.map((t, i) => (t >= 0.5 ? Math.abs(clampP(p[i]) - t) / y.length : 0)));
  const bg = Number(await page.getByTestId('background-confidence').inputValue());
  const [shownDice, shownBce, ratio, shownBg, t, shownP, diceP, bceP, diceZ, bceZ] = numbersIn(figure);
  expectShown(shownDice, diceMax, 3, 'C4 Dice max object gradient');
  expectShown(shownBce, bceMax, 3, 'C4 BCE max object gradient');
  expectShown(ratio, diceMax / bceMax, 3, 'C4 Dice ÷ BCE');
  expectShown(shownBg, bg, 3, 'C4 background p');
  // One pixel alone (t = 1) at the first object pixel's p, both losses in both variables. By
  // hand: Dice with s = 0 on one pixel is D = 2tp/(t + p), so ∂L/∂p = −2t²/(p + t)²; BCE's
  // ∂L/∂p = −t/p + (1 − t)/(1 − p); the logit's ∂L/∂z = ∂L/∂p · p(1 − p) (BCE: p − t).
  const q = p[y.findIndex((v) => v >= 0.5)];
  expect(t).toBe(1);
  expectShown(shownP, q, 3, 'C4 one pixel p');
  expectShown(diceP, -2 / (q + 1) ** 2, 3, 'C4 one-pixel Dice ∂L/∂p');
  expectShown(bceP, -1 / q, 3, 'C4 one-pixel BCE ∂L/∂p');
  expectShown(diceZ, (-2 / (q + 1) ** 2) * q * (1 - q), 3, 'C4 one-pixel Dice ∂L/∂z');
  expectShown(bceZ, q - 1, 3, 'C4 one-pixel BCE ∂L/∂z');
};

const C6: SceneCheck = async (page, c, figure) => {
  const k = counts(c.target, c.prob!);
  const [a, b, s] = ['alpha', 'beta', 'smooth'].map((key, i) => Number(param(c, key, [0.7, 0.3, 1][i])));
  const tversky = 1 - (k.tp + s) / (k.tp + a * k.fn + b * k.fp + s);
  const diceSmooth = Number(await page.locator('[data-loss-row="dice"] input[data-param="smooth"]').inputValue());
  const d = dice(c.target, c.prob!, diceSmooth).loss;
  const [alpha, beta, smooth, shownT, shownD, diff] = numbersIn(figure);
  expect([alpha, beta, smooth]).toEqual([a, b, s]);
  expectShown(shownT, tversky, 4, 'C6 Tversky');
  expectShown(shownD, d, 4, 'C6 Dice');
  // The identity: Tversky(½, ½, s) is Dice with smoothing 2s, so with s = ½ against Dice's 1
  // the two agree to rounding.
  expect(Math.abs(tversky - d)).toBeLessThan(1e-12);
  expect(diff).toBeLessThan(1e-12);
};

const C7: SceneCheck = async (_page, c, figure) => {
  const lambda = Number(param(c, 'lambda', 0.05));
  const s = Number(param(c, 'smooth', 1e-5));
  const k = counts(c.target, c.prob!);
  // losses.md: a target pixel's error weighs λ/(Σy + s), a background pixel's (1 − λ)/(N − Σy + s).
  const t = lambda / (k.sy + s);
  const b = (1 - lambda) / (k.n - k.sy + s);
  const [shownLambda, shownT, shownB, ratio, share, bgPx] = numbersIn(figure);
  expect(shownLambda).toBe(lambda);
  expectShown(shownT, t, 3, 'C7 target weight');
  expectShown(shownB, b, 3, 'C7 background weight');
  expectShown(ratio, t / b, 3, 'C7 ratio');
  // In aggregate: L = Σ w_i (y_i − p_i)² with w_i = y_i·t + (1 − y_i)·b, so by hand
  // ∂L/∂z_i = −2(y_i − p_i)·w_i·p_i(1 − p_i); the background's share of Σ|∂L/∂z|.
  const g = c.target.map((y, i) => {
    const p = c.prob![i];
    return Math.abs(2 * (y - p) * (y * t + (1 - y) * b) * p * (1 - p));
  });
  const bg = sum(g.filter((_, i) => c.target[i] < 0.5));
  expectShown(share, (100 * bg) / sum(g), 3, 'C7 background share of the gradient mass (%)');
  expect(bgPx).toBe(k.n - k.sy);
};

const C8: SceneCheck = async (_page, c, figure) => {
  const s = Number(param(c, 'smooth', 1));
  const y = c.target;
  const p = [...c.prob!];
  const before = 1 - dice(y, p, s).loss;
  p[y.findIndex((t) => t >= 0.5)] = 0;
  const after = 1 - dice(y, p, s).loss;
  const [shownBefore, px, shownAfter, change] = numbersIn(figure);
  expectShown(shownBefore, before, 4, 'C8 Dice before');
  expect(px).toBe(sum(y));
  expectShown(shownAfter, after, 4, 'C8 Dice after');
  expectShown(change, (100 * (before - after)) / before, 3, 'C8 drop (%)');
};

const C10: SceneCheck = async (_page, c, figure) => {
  const [h, w] = c.shape;
  const y = c.target;
  let [r0, r1, c0, c1] = [h, -1, w, -1];
  y.forEach((t, i) => {
    if (t < 0.5) return;
    const [r, col] = [Math.floor(i / w), i % w];
    [r0, r1, c0, c1] = [Math.min(r0, r), Math.max(r1, r), Math.min(c0, col), Math.max(c1, col)];
  });
  const margin = 4;
  [r0, c0] = [Math.max(0, r0 - margin), Math.max(0, c0 - margin)];
  [r1, c1] = [Math.min(h - 1, r1 + margin), Math.min(w - 1, c1 + margin)];
  let inside = 0;
  for (let r = r0; r <= r1; r++) for (let col = c0; col <= c1; col++) inside += y[r * w + col];
  const [cw, ch] = [c1 - c0 + 1, r1 - r0 + 1];
  const [full, crop, shownW, shownH] = numbersIn(figure);
  expectShown(full, (100 * sum(y)) / y.length, 3, 'C10 whole image (%)');
  expectShown(crop, (100 * inside) / (cw * ch), 3, 'C10 crop (%)');
  expect([shownW, shownH]).toEqual([cw, ch]);
};

// The compound losses' gradient-map steps (learn helper): 12 and 13.

/** The pixels' logits as the logit-native losses see them: z = ln p̂ − ln(1 − p̂). */
const logits = (p: number[]) => p.map((q) => Math.log(clampP(q)) - Math.log1p(-clampP(q)));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/** Indices sorted by `key` descending, ties to the lower index (losses-compound.md). */
const descending = (key: number[], idx: number[]) => [...idx].sort((a, b) => key[b] - key[a] || a - b);

/** `x` at the page's 4 significant digits. */
const sig4 = (x: number) => Number(x.toPrecision(4));

/**
 * Steps 15 and 16 (losses-geometry.md): the figure's "with the edit" numbers are the board's
 * now; undoing the edit with the page's own control brings the board to its "without"
 * numbers; and the geometry loss rises several times more, relatively, than Dice.
 * Figure order: gap or distance, dice0, dice1, Dice's rise, geo0, geo1, rise or ratio.
 */
const geometryFigure =
  (second: 'cldice' | 'hausdorff_dt', undo: (page: Page) => Promise<void>): SceneCheck =>
  async (page, _c, figure) => {
    const [, dice0, dice1, , geo0, geo1] = numbersIn(figure);
    const now = numericBoard(await readBoard(page));
    expect(sig4(now.dice)).toBe(dice1);
    expect(sig4(now[second])).toBe(geo1);
    await undo(page);
    await expect.poll(async () => sig4(numericBoard(await readBoard(page)).dice)).toBe(dice0);
    expect(sig4(numericBoard(await readBoard(page))[second])).toBe(geo0);
    expect((geo1 - geo0) / geo0).toBeGreaterThan((5 * (dice1 - dice0)) / dice0);
  };
const C15 = geometryFigure('cldice', (page) => setInput(page.getByTestId('pred-gap'), 0));
const C16 = geometryFigure('hausdorff_dt', (page) => page.getByTestId('pred-far-speck').uncheck());

const C12: SceneCheck = async (page, c, figure) => {
  // losses-compound.md §13: ℓ_i = softplus(−t_i z_i) orders as the margin −t_i z_i does; the
  // K = trunc(N·k/100) largest are kept, each with ∂L/∂z = (σ(z) − y)/K; BCE's ∂L/∂z is
  // (p̂ − y)/N everywhere. Both are proportional to |σ(z) − y| where they act.
  const k = Number(param(c, 'k', 10));
  const y = c.target;
  const z = logits(c.prob!);
  const n = y.length;
  const K = Math.trunc((n * k) / 100);
  const margin = y.map((t, i) => (t >= 1 ? -z[i] : z[i]));
  const kept = descending(margin, [...margin.keys()]).slice(0, K);
  const g = y.map((t, i) => Math.abs(sigmoid(z[i]) - t));
  const object = (i: number) => y[i] >= 0.5;
  const keptMass = sum(kept.map((i) => g[i]));
  const [shownK, kk, shownN, obj, objPx, bcePx, rest, easy, topShare, bceShare] = numbersIn(figure);
  expect(shownK).toBe(k);
  expect([kk, shownN, obj, objPx, bcePx, easy]).toEqual([K, n, kept.filter(object).length, sum(y), n, n - K]);
  expectShown(rest, (100 * (sum(g) - keptMass)) / sum(g), 3, 'C12 BCE mass outside the top K (%)');
  expectShown(topShare, (100 * sum(kept.filter(object).map((i) => g[i]))) / keptMass, 3, 'C12 top-k object share (%)');
  expectShown(bceShare, (100 * sum(g.filter((_, i) => object(i)))) / sum(g), 3, 'C12 BCE object share (%)');
  await expect(page.locator('[data-map-card="topk_ce"]')).toHaveClass(/tour-highlight/);
};

const C13: SceneCheck = async (page, c, figure) => {
  // losses-compound.md §14: e = 1 − z·t, the positive errors sorted descending (ties: lower
  // index), g_k = J_k − J_{k−1} with J_k = 1 − (G − c_k)/(G + k − c_k); ∂L/∂z = −t·g_k.
  const y = c.target;
  const p = c.prob!;
  const z = logits(p);
  const e = z.map((v, i) => 1 - v * (2 * y[i] - 1));
  const order = descending(e, [...e.keys()].filter((i) => e[i] > 0));
  const G = sum(y);
  const w = new Array<number>(y.length).fill(0);
  let [cum, prev] = [0, 0];
  order.forEach((i, k) => {
    cum += y[i];
    const J = 1 - (G - cum) / (G + k + 1 - cum);
    w[i] = J - prev;
    prev = J;
  });
  const errs = [...w.keys()].filter((i) => w[i] !== 0);
  await expect(page.locator('[data-map-card="lovasz_hinge"]')).toHaveClass(/tour-highlight/);
  // Soft IoU (losses.md): ∂J/∂p_i = [y_i(U + ε) − (I + ε)(1 − y_i)]/(U + ε)², ∂L/∂z = −∂J/∂p·p(1 − p),
  // with the board's ε (the board is on the scene view).
  await page.locator('[data-view="scene"]').click();
  const eps = Number(await page.locator('[data-loss-row="iou"] input[data-param="eps"]').inputValue());
  await page.locator('[data-view="gradients"]').click();
  const I = sum(y.map((t, i) => t * p[i]));
  const U = sum(y) + sum(p) - I;
  const iou = y.map((t, i) => Math.abs(((t * (U + eps) - (I + eps) * (1 - t)) / (U + eps) ** 2) * p[i] * (1 - p[i])));
  const [m, n, fn, fp, j, iouPx, share, m2] = numbersIn(figure);
  expect([m, n, fn, fp, m2]).toEqual([errs.length, y.length, errs.filter((i) => y[i] >= 0.5).length, errs.filter((i) => y[i] < 0.5).length, errs.length]);
  expectShown(j, sum(w), 4, 'C13 Σ g = the Jaccard loss of the errors');
  expect(iouPx).toBe(iou.filter((v) => v !== 0).length);
  expectShown(share, (100 * sum(errs.map((i) => iou[i]))) / sum(iou), 3, 'C13 soft IoU mass on the errors (%)');
};

/** The race's figure for claim `n`, read from the summary table's hooks after some steps. */
async function checkRaceFigure(page: Page, n: number, figure: string): Promise<void> {
  const row = (loss: string) => page.locator(`[data-race-loss="${loss}"]`);
  const attr = async (loss: string, name: string) => Number(await row(loss).getAttribute(name));
  const NUM = '(-?\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?)';
  if (n === 9) {
    // "×<weighted> / ×<unweighted> · SGD ×<gradient ratio> · Adam ×<scaled gradient ratio>",
    // each Dice part ÷ BCE part, from the bce_dice row's unweighted parts, weights and the
    // weighted parts' gradient norms at the latest step.
    const m = figure.match(new RegExp(`×${NUM} / ×${NUM} · SGD ×${NUM} · Adam ×${NUM}`));
    expect(m, `C9 figure "${figure}"`).not.toBeNull();
    const [w, u, g, a] = m!.slice(1).map(Number);
    // losses.md §10: the article's weights, w_bce = 1e-3 and w_dice = 1 (the step's defaults).
    expect(await attr('bce_dice', 'data-w-bce')).toBe(1e-3);
    expect(await attr('bce_dice', 'data-w-dice')).toBe(1);
    const [bce, dice] = [await attr('bce_dice', 'data-part-bce'), await attr('bce_dice', 'data-part-dice')];
    expectShown(w, (1 * dice) / (1e-3 * bce), 3, 'C9 weighted Dice part ÷ BCE part');
    expectShown(u, dice / bce, 3, 'C9 unweighted Dice part ÷ BCE part');
    const grad = (hook: string) => attr('bce_dice', hook);
    expectShown(g, (await grad('data-grad-dice')) / (await grad('data-grad-bce')), 3, 'C9 gradient ratio (SGD)');
    expectShown(a, (await grad('data-grad-dice-adam')) / (await grad('data-grad-bce-adam')), 3, 'C9 gradient ratio (Adam)');
    return;
  }
  if (STEPS[n - 1].current === 'dice_ce') {
    // The Dice + CE step: "<loss> <Dice> / <Dice halfway> / <training-curve roughness>" for
    // dice, dice_ce and bce, against each row's latest validation Dice and roughness.
    const entries = [...figure.matchAll(new RegExp(`([a-z_]+) ${NUM} / (${NUM}|—) / ${NUM}`, 'g'))];
    expect(entries.map((e) => e[1]), 'Dice + CE: the figure names its losses').toEqual(['dice', 'dice_ce', 'bce']);
    for (const e of entries) {
      expectShown(Number(e[2]), await attr(e[1], 'data-val-dice'), 3, `${e[1]} data-val-dice`);
      expectShown(Number(e[5]), await attr(e[1], 'data-roughness'), 3, `${e[1]} data-roughness`);
    }
    return;
  }
  if (n === 2) {
    // "<pos_weight> → <precision> / <recall> / <Dice>" per runner of the sweep, against each
    // runner's row (found by its label, "wce (pos_weight <w>)").
    const entries = [...figure.matchAll(new RegExp(`(\\S+) → ${NUM} / ${NUM} / ${NUM}`, 'g'))];
    expect(entries.map((e) => e[1]), 'C2: the figure names every weight of the sweep').toEqual(['1', '3', '10', '30', '100', 'balanced']);
    for (const e of entries) {
      const r = page.locator(`tr[data-race-label="wce (pos_weight ${e[1]})"]`);
      await expect(r).toHaveCount(1);
      for (const [i, hook] of [[2, 'data-val-precision'], [3, 'data-val-recall'], [4, 'data-val-dice']] as const) {
        expectShown(Number(e[i]), Number(await r.getAttribute(hook)), 3, `C2 pos_weight ${e[1]} ${hook}`);
      }
    }
    return;
  }
  if (n === 5) {
    // "<loss> <training-curve roughness> / <fixed-batch roughness>".
    const entries = [...figure.matchAll(new RegExp(`([a-z_]+) ${NUM} / ${NUM}`, 'g'))];
    expect(entries.map((e) => e[1]), 'C5: the figure names its losses').toEqual(['iou', 'dice', 'bce']);
    for (const e of entries) {
      expectShown(Number(e[2]), await attr(e[1], 'data-roughness'), 3, `C5 ${e[1]} data-roughness`);
      expectShown(Number(e[3]), await attr(e[1], 'data-roughness-fixed'), 3, `C5 ${e[1]} data-roughness-fixed`);
    }
    return;
  }
  const pairs = pairsIn(figure);
  const losses = ['bce', 'dice'];
  expect(Object.keys(pairs), `C${n}: the figure names its losses`).toEqual(losses);
  for (const loss of losses) expectShown(pairs[loss], await attr(loss, 'data-val-dice'), 3, `C${n} ${loss} data-val-dice`);
}

/** What each step must reach: view, current loss, a parameter or scene control, and the
 * check of its live figure (scene steps from the exported case; race steps, marked `race`,
 * from the race's own hooks after it has taken steps). */
const STEPS: { view: string; current: string; check?: (page: Page) => Promise<void>; figure?: SceneCheck; race?: true }[] = [
  { view: 'scene', current: 'bce', check: async (p) => expect(p.getByTestId('object-size')).toHaveValue('12'), figure: C1 },
  { view: 'race', current: 'wce', race: true },
  {
    view: 'scene',
    current: 'focal',
    check: async (p) => expect(p.locator('[data-loss-row="focal"] select[data-param="reduction"]')).toHaveValue('sum'),
    figure: C3,
  },
  {
    view: 'curves',
    current: 'dice',
    check: async (p) => expect(p.getByTestId('background-confidence')).toHaveValue('0.001'),
    figure: C4,
  },
  { view: 'race', current: 'iou', race: true },
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
    figure: C6,
  },
  {
    view: 'scene',
    current: 'sensitivity_specificity',
    check: async (p) => expect(p.getByTestId('object-size')).toHaveValue('20'),
    figure: C7,
  },
  { view: 'curves', current: 'dice', check: async (p) => expect(p.getByTestId('object-size')).toHaveValue('4'), figure: C8 },
  { view: 'race', current: 'bce_dice', race: true },
  { view: 'curves', current: 'dice', check: async (p) => expect(p.getByTestId('grid-size')).toHaveValue('128'), figure: C10 },
  { view: 'race', current: 'dice', race: true },
  { view: 'gradients', current: 'topk_ce', check: async (p) => expect(p.getByTestId('grid-size')).toHaveValue('32'), figure: C12 },
  { view: 'gradients', current: 'lovasz_hinge', check: async (p) => expect(p.getByTestId('object-size')).toHaveValue('50'), figure: C13 },
  // The race helper's step: Dice + CE on the extreme data.
  { view: 'race', current: 'dice_ce', race: true },
  // The geometry losses: a broken 1-px vessel, a far-off speck.
  {
    view: 'scene',
    current: 'cldice',
    check: async (p) => {
      await expect(p.getByTestId('generator')).toHaveValue('line1');
      await expect(p.getByTestId('pred-gap')).toHaveValue('4');
    },
    figure: C15,
  },
  {
    view: 'scene',
    current: 'hausdorff_dt',
    check: async (p) => expect(p.getByTestId('pred-far-speck')).toBeChecked(),
    figure: C16,
  },
];
const TOTAL = STEPS.length;

test('the tour walks every step, each with its live figure checked', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await openApp(page);
  await expect(page.locator('[data-tour-step]')).toHaveCount(0);
  await page.getByTestId('tour-start').click();
  const figure = page.locator('[data-tour-figure]');
  for (let n = 1; n <= TOTAL; n++) {
    const s = STEPS[n - 1];
    await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', String(n));
    await expect(page.locator(`[data-view="${s.view}"]`), `step ${n} view`).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('current-loss'), `step ${n} current loss`).toHaveValue(s.current);
    if (s.check) await s.check(page);
    if (s.race) {
      // Twelve more steps (a step whose preset is the previous race step's keeps that race),
      // then the figure must follow the race.
      await expect(page.getByTestId('race-step')).toBeEnabled();
      const before = Number(await page.locator('[data-race-step]').getAttribute('data-race-step'));
      for (let k = 0; k < 12; k++) await page.getByTestId('race-step').click();
      await expect(page.locator('[data-race-step]')).toHaveAttribute('data-race-step', String(before + 12));
      await expect(figure, `step ${n}: a race figure`).toContainText(/\d/);
      // The tour reads the race's figure a few times a second: allow it that long to catch up.
      await expect(async () => checkRaceFigure(page, n, (await figure.textContent()) ?? '')).toPass({
        timeout: 5_000,
      });
    } else {
      await expect(figure, `step ${n}: a figure`).toContainText(/\d/);
      const c = await exportCase(page);
      expect(c.loss, `step ${n}: the exported case is the current loss`).toBe(s.current);
      await s.figure!(page, c, (await figure.textContent()) ?? '');
    }
    if (n === 6 && SHOTS) await page.screenshot({ path: `${SHOTS}/tour-6.png` });
    if (n < TOTAL) await page.getByTestId('tour-next').click();
  }
  await expect(page.getByTestId('tour-next')).toBeDisabled();
  await page.getByTestId('tour-prev').click();
  await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', String(TOTAL - 1));
  // Leave, and come back where we left.
  await page.getByTestId('tour-exit').click();
  await expect(page.locator('[data-tour-step]')).toHaveCount(0);
  await page.getByTestId('tour-start').click();
  await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', String(TOTAL - 1));
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

test('every card names its paper, and each tour step opens its loss card', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await openApp(page);
  await openView(page, 'learn');
  for (const loss of LOSSES) {
    const ref = page.locator(`[data-formula="${loss}"] [data-reference]`);
    await expect(ref, `${loss}: one reference`).toHaveCount(1);
    // Authors and a year (every card's paper, or the common source it names).
    await expect(ref, `${loss}: a year`).toContainText(/\b(19|20)\d\d\b/);
  }
  await page.getByTestId('tour-start').click();
  for (let n = 1; n <= TOTAL; n++) {
    const want = STEPS[n - 1].current;
    await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', String(n));
    const link = page.getByTestId('tour-card');
    await expect(link, `step ${n} links its loss`).toHaveAttribute('data-tour-card', want);
    await link.click();
    await expect(page.locator('[data-view="learn"]'), `step ${n}: the learn view`).toHaveAttribute('aria-selected', 'true');
    const card = page.locator('[data-formula]').first();
    await expect(card, `step ${n}: its card first`).toHaveAttribute('data-formula', want);
    await expect(card).toHaveAttribute('open', '');
    await expect(card.locator('[data-reference]')).toBeVisible();
    if (n < TOTAL) await page.getByTestId('tour-next').click();
  }
  expect(errors).toEqual([]);
});

test('a link opens the tour at a step', async ({ page }) => {
  await page.goto('/#tour=6');
  await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', '6');
  await expect(page.locator('[data-loss-row="tversky"] input[data-param="alpha"]')).toHaveValue('0.5');
});

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
  for (let n = 1; n <= TOTAL; n++) {
    expect(await englishLeft(page), `English words left at tour step ${n}`).toEqual([]);
    if (n < TOTAL) await page.getByTestId('tour-next').click();
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

test("in Chinese, the loss parameters' word choices say what they mean and keep their code word", async ({ page }) => {
  await openApp(page);
  await page.getByTestId('lang').selectOption('zh');
  const options = await page.locator('[data-loss-row] select[data-param] option').evaluateAll((os) =>
    os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' })),
  );
  expect(options.length, 'the board has word choices (focal reduction, GDL weights, IoU empty rule…)').toBeGreaterThan(8);
  for (const { value, text } of options) {
    expect(text.startsWith(value), `"${text}" keeps the code word ${value}`).toBe(true);
    expect(/[\u3400-\u9fff]/.test(text), `"${text}" is explained in Chinese`).toBe(true);
  }
  await page.getByTestId('lang').selectOption('en');
  for (const { value } of options) {
    await expect(page.locator(`[data-loss-row] select[data-param] option[value="${value}"]`).first()).toHaveText(value);
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
