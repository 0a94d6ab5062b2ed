// The editing controls of the scene: the prediction brush, invert and clear, the grid size.
import { expect, test } from '@playwright/test';
import {
  boardChangedFrom,
  cliEval,
  conforms,
  exportCase,
  numericBoard,
  openApp,
  readBoard,
  setInput,
  stroke,
  summarize,
  testidNumber,
} from './helpers';

test('painting the prediction moves the painted pixels towards brush-prob only', async ({
  page,
}) => {
  await openApp(page);
  await page.getByTestId('current-loss').selectOption('bce');
  const brushP = 0.3;
  await setInput(page.getByTestId('brush-prob'), brushP);
  await expect(page.getByTestId('notice')).toBeHidden();
  const before = await readBoard(page);
  const c0 = await exportCase(page);
  const [h, w] = c0.shape;

  await stroke(page, page.locator('canvas[data-layer="prediction"]'), { yFrac: 0.15 });
  numericBoard(await boardChangedFrom(page, before, 'a stroke on the prediction canvas'));
  const c1 = await exportCase(page);

  expect(c1.target, 'painting the prediction leaves the target alone').toEqual(c0.target);
  const p0 = c0.prob!;
  const p1 = c1.prob!;
  const changed = p1.flatMap((p, i) => (p !== p0[i] ? [i] : []));
  expect(changed.length, 'the stroke changed some probabilities').toBeGreaterThan(0);
  // Painting blends the brush probability over the pixel (a soft brush covers edge pixels
  // partly): every changed pixel moves towards brush-prob, never past it.
  const away = changed.filter((i) => Math.abs(p1[i] - brushP) > Math.abs(p0[i] - brushP) + 1e-12);
  expect(away, 'pixels that moved away from brush-prob').toEqual([]);
  const rows = changed.map((i) => Math.floor(i / w));
  expect(Math.max(...rows), 'painted rows stay near the stroke').toBeLessThanOrEqual(
    0.15 * h + Math.max(2, h / 4),
  );
});

test('invert and clear the target: fg-fraction 1 − f, then 0, every value finite', async ({
  page,
}) => {
  await openApp(page);
  await page.getByTestId('brush-layer').selectOption('target');
  const f0 = await testidNumber(page, 'fg-fraction');
  const b0 = await readBoard(page);
  expect(f0, 'the default scene has an object').toBeGreaterThan(0);

  await page.getByTestId('invert').click();
  const b1 = await boardChangedFrom(page, b0, 'invert');
  numericBoard(b1);
  // Inverting y ↦ 1 − y turns the share of target pixels f into 1 − f.
  expect(await testidNumber(page, 'fg-fraction')).toBeCloseTo(1 - f0, 12);

  await page.getByTestId('clear').click();
  const b2 = await boardChangedFrom(page, b1, 'clear');
  // An empty target is an edge case every loss must handle with a finite value (losses.md).
  numericBoard(b2);
  expect(await testidNumber(page, 'fg-fraction')).toBe(0);
  const empty = await exportCase(page);
  expect(empty.target.every((y) => y === 0), 'the exported target is empty').toBe(true);

  // Undo steps back through clear and invert to the very first board.
  await page.getByTestId('undo').click();
  await expect.poll(() => readBoard(page), { message: 'undo clear' }).toEqual(b1);
  await page.getByTestId('undo').click();
  await expect.poll(() => readBoard(page), { message: 'undo invert' }).toEqual(b0);
});

test('grid-size: the exported case follows, and the board still matches losslab eval', async ({
  page,
}) => {
  await openApp(page);
  const grid = page.getByTestId('grid-size');
  const sides = await grid
    .locator('option')
    .evaluateAll((els) => els.map((el) => Number((el as HTMLOptionElement).value)));
  const current = Number(await grid.inputValue());
  const other = sides.find((s) => s !== current && s <= 128) ?? sides.find((s) => s !== current);
  expect(other, 'grid-size offers another size').toBeDefined();
  const before = await readBoard(page);
  await grid.selectOption(String(other));
  const board = numericBoard(await boardChangedFrom(page, before, `grid-size = ${other}`));

  for (const name of ['bce', 'dice', 'tversky', 'focal'] as const) {
    await page.getByTestId('current-loss').selectOption(name);
    const c = await exportCase(page);
    expect(c.shape, `the ${name} case is ${other}×${other}`).toEqual([other, other]);
    const ref = cliEval(c);
    expect(
      conforms(board[name], ref.value),
      `${name}: board ${board[name]} vs losslab eval ${ref.value} (${summarize(c)})`,
    ).toBe(true);
  }
});
