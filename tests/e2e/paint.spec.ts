// Painting with real pointer events changes the mask and the board, and the board agrees with
// the `losslab` command (conformance.md) on the exported case, for every loss.
import { expect, test } from '@playwright/test';
import {
  LOSSES,
  boardChangedFrom,
  cliEval,
  conforms,
  exportCase,
  numericBoard,
  openApp,
  readBoard,
  stroke,
  summarize,
  testidNumber,
  watchErrors,
} from './helpers';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

test('a stroke on the target canvas paints the mask; the board matches losslab eval', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openApp(page);
  const currentLoss = page.getByTestId('current-loss');
  await currentLoss.selectOption('bce');

  const before = await readBoard(page);
  const fgBefore = await testidNumber(page, 'fg-fraction');
  const caseBefore = await exportCase(page);
  expect(caseBefore.shape.length, `a binary [H, W] case for bce: ${summarize(caseBefore)}`).toBe(2);
  const [h, w] = caseBefore.shape;

  // A horizontal stroke near the top edge, from 10 % to 90 % of the width.
  const yFrac = 0.1;
  await stroke(page, page.locator('canvas[data-layer="target"]'), { yFrac });
  const after = await boardChangedFrom(page, before, 'a stroke on the target canvas');
  const afterNum = numericBoard(after);
  const beforeNum = numericBoard(before);
  for (const name of LOSSES) {
    // Painting target pixels changes Sy, I, TP/FN/FP: every loss of losses.md moves.
    expect(afterNum[name], `${name} changed after the stroke`).not.toBe(beforeNum[name]);
  }

  const caseAfter = await exportCase(page);
  expect(caseAfter.shape).toEqual(caseBefore.shape);
  const changed: number[] = [];
  caseAfter.target.forEach((y, i) => {
    if (y !== caseBefore.target[i]) changed.push(i);
  });
  expect(changed.length, 'the stroke changed some target pixels').toBeGreaterThan(0);
  const rows = changed.map((i) => Math.floor(i / w));
  const cols = changed.map((i) => i % w);
  const strokeRow = yFrac * h;
  // The painted pixels lie along the stroke: near its row, spanning most of its width.
  expect(Math.max(...rows.map((r) => Math.abs(r + 0.5 - strokeRow))), 'painted rows').toBeLessThanOrEqual(
    Math.max(2, h / 4),
  );
  expect(Math.min(...cols), 'the stroke starts near 10 % of the width').toBeLessThanOrEqual(0.3 * w);
  expect(Math.max(...cols), 'the stroke ends near 90 % of the width').toBeGreaterThanOrEqual(0.7 * w - 1);

  // fg-fraction moves with the amount of target painted.
  const fgAfter = await testidNumber(page, 'fg-fraction');
  const delta = sum(caseAfter.target) - sum(caseBefore.target);
  expect(delta, 'the painted pixels changed the target sum').not.toBe(0);
  if (delta > 0) expect(fgAfter, 'fg-fraction rose with the painted target').toBeGreaterThan(fgBefore);
  else expect(fgAfter, 'fg-fraction fell with the erased target').toBeLessThan(fgBefore);

  // Each loss: make it current, export its case, and compare the board with losslab eval.
  const mismatches: string[] = [];
  for (const name of LOSSES) {
    await currentLoss.selectOption(name);
    const c = await exportCase(page);
    expect(c.loss, 'the exported case names the current loss').toBe(name);
    // Choosing the current loss changes no value on the board.
    expect(await readBoard(page), `the board after choosing ${name}`).toEqual(after);
    const ref = cliEval(c);
    if (!conforms(afterNum[name], ref.value)) {
      let hint = '';
      if (name === 'generalized_dice' && c.shape.length === 2 && c.prob) {
        // losses.md: the binary view passes two classes, background 1 − p and foreground p.
        const two = cliEval({
          ...c,
          shape: [2, ...c.shape],
          target: [...c.target.map((y) => 1 - y), ...c.target],
          prob: [...c.prob.map((p) => 1 - p), ...c.prob],
        });
        hint = `; as [2, H, W] (background 1 − p, foreground p) losslab eval gives ${two.value}`;
      }
      mismatches.push(
        `${name}: board ${after[name]} vs losslab eval ${ref.value} (${summarize(c)})${hint}`,
      );
    }
    // The binary losses export [H, W]; generalized_dice its two-class view [2, H, W]:
    // background 1 − y, then foreground y (losses.md).
    const foreground = c.shape.length === 3 ? c.target.slice(c.target.length / 2) : c.target;
    expect(foreground, `${name}: the exported target is the painted scene`).toEqual(caseAfter.target);
  }
  expect(mismatches, 'board values conform to losslab eval (|v − ref| ≤ 1e-5·max(1,|ref|))').toEqual(
    [],
  );
  expect(errors).toEqual([]);
});

test('undo and redo (Ctrl+Z, Ctrl+Shift+Z) restore the board exactly', async ({ page }) => {
  await openApp(page);
  const b0 = await readBoard(page);
  await stroke(page, page.locator('canvas[data-layer="target"]'), { yFrac: 0.12 });
  const b1 = await boardChangedFrom(page, b0, 'a stroke');

  await page.keyboard.press('Control+KeyZ');
  await expect.poll(() => readBoard(page), { message: 'Ctrl+Z restores the board' }).toEqual(b0);
  await page.keyboard.press('Control+Shift+KeyZ');
  await expect.poll(() => readBoard(page), { message: 'Ctrl+Shift+Z redoes the stroke' }).toEqual(b1);

  // The buttons do the same, where the page has them.
  if ((await page.getByTestId('undo').count()) > 0 && (await page.getByTestId('redo').count()) > 0) {
    await page.getByTestId('undo').click();
    await expect.poll(() => readBoard(page), { message: 'the undo button' }).toEqual(b0);
    await page.getByTestId('redo').click();
    await expect.poll(() => readBoard(page), { message: 'the redo button' }).toEqual(b1);
  }
});
