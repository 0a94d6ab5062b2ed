// The scene controls move the numbers in the directions the definitions force.
import { expect, test } from '@playwright/test';
import {
  type Case,
  exportCase,
  inputRange,
  numericBoard,
  openApp,
  readBoard,
  setInput,
  settledBoard,
  testidNumber,
} from './helpers';

const isBackground = (y: number) => y < 0.5;

test('object-size: a larger object has a larger foreground fraction', async ({ page }) => {
  await openApp(page);
  const size = page.getByTestId('object-size');
  const { min, max } = await inputRange(size);
  const step = Number((await size.getAttribute('step')) ?? '1') || 1;
  // Five settings from min to max, snapped to the input's step.
  const settings = [0, 0.25, 0.5, 0.75, 1].map((t) => {
    const v = min + Math.round(((max - min) * t) / step) * step;
    return Math.min(max, v);
  });
  const fractions: number[] = [];
  for (const v of settings) {
    await setInput(size, v);
    numericBoard(await settledBoard(page));
    fractions.push(await testidNumber(page, 'fg-fraction'));
  }
  // By construction: object-size is the size of the generated target object, and the
  // target is regenerated from it, so a larger object covers at least as many pixels
  // (never fewer), and the largest covers strictly more than the smallest. fg-fraction is
  // the share of target pixels, so it is non-decreasing in object-size.
  for (let i = 1; i < fractions.length; i++) {
    expect(fractions[i], `fg-fraction at size ${settings[i]} ≥ at ${settings[i - 1]}`).toBeGreaterThanOrEqual(
      fractions[i - 1],
    );
  }
  expect(fractions[fractions.length - 1], 'fg-fraction at max size > at min size').toBeGreaterThan(
    fractions[0],
  );
});

test('background-confidence: a lower background probability gives a lower BCE', async ({
  page,
}) => {
  await openApp(page);
  await page.getByTestId('current-loss').selectOption('bce');
  const bg = page.getByTestId('background-confidence');
  const { min, max } = await inputRange(bg);

  const at = async (v: number): Promise<{ bce: number; c: Case }> => {
    await setInput(bg, v);
    const board = numericBoard(await settledBoard(page));
    return { bce: board.bce, c: await exportCase(page) };
  };
  const low = await at(min);
  const high = await at(max);
  expect(high.bce, 'BCE moved with background-confidence').not.toBe(low.bce);

  // The control leaves the target alone and moves only the prediction on background pixels.
  expect(high.c.target, 'the target is unchanged').toEqual(low.c.target);
  const pLow = low.c.prob!;
  const pHigh = high.c.prob!;
  expect(pLow, 'the exported cases carry probabilities').toBeDefined();
  const target = low.c.target;
  const meanBg = (p: number[]) => {
    const bgP = p.filter((_, i) => isBackground(target[i]));
    return bgP.reduce((a, b) => a + b, 0) / bgP.length;
  };
  const movedOnTarget = target.flatMap((y, i) => (!isBackground(y) && pHigh[i] !== pLow[i] ? [i] : []));
  expect(movedOnTarget, 'target pixels keep their probability').toEqual([]);
  // testing-hooks.md: the input is the "probability predicted on background".
  expect(meanBg(pHigh), 'background probability rises with the input').toBeGreaterThan(meanBg(pLow));

  // BCE = −(1/N)[Σ_target log p + Σ_background log(1−p)]. The target terms are equal in
  // both settings (checked above) and each background term −log(1−p) increases with p, so
  // the setting whose background pixels all have lower p has the lower BCE — whatever the
  // object's prediction is.
  const lowerSide = meanBg(pHigh) > meanBg(pLow) ? { lo: low, hi: high } : { lo: high, hi: low };
  const unordered = target.flatMap((y, i) =>
    isBackground(y) && lowerSide.lo.c.prob![i] > lowerSide.hi.c.prob![i] ? [i] : [],
  );
  expect(unordered, 'every background pixel is lower on the lower side').toEqual([]);
  expect(lowerSide.lo.bce, 'lower background probability → lower BCE').toBeLessThan(lowerSide.hi.bce);
});

// Both numeric fields of the scene, each refusing an out-of-range value: the background
// confidence (a float in [min, max]) and the object size (an integer area).
for (const target of ['background-confidence', 'object-size']) {
  test(`a bad ${target} shows the notice and leaves the board unchanged`, async ({ page }) => {
    await openApp(page);
    const input = page.getByTestId(target);
    await expect(input, `${target} is a number field`).toHaveAttribute('type', 'number');
    const { min, max } = await inputRange(input);
    const before = await readBoard(page);
    await expect(page.getByTestId('notice'), 'no notice before the bad input').toBeHidden();

    // Out of [min, max]: refused.
    await setInput(input, max + (max - min) * 10 + 1);
    await expect(page.getByTestId('notice'), `notice after ${target} = out of range`).toBeVisible();
    await page.waitForTimeout(300);
    expect(await readBoard(page), 'the board keeps its numbers').toEqual(before);
  });
}
