// Code export follows a batch reduction (issue 14, item 11): the race's by default, or the
// one chosen beside the code (`select[data-testid="code-reduction"]`, `learn.code_reduction`
// in the link); each snippet shows its library's batch variant. Hooks: `[data-code]` with
// `data-reduction`, `race-reduction` (src/ui/learn/code.rs, src/ui/race/controls.rs).
import { expect, test, type Page } from '@playwright/test';
import { openApp, watchErrors } from './helpers';

const SHOTS = process.env.TEACH_SHOTS; // a directory: save screenshots there when set

async function openView(page: Page, view: string) {
  await page.locator(`[data-view="${view}"]`).click();
  await expect(page.locator(`[data-view="${view}"]`)).toHaveAttribute('aria-selected', 'true');
}

const code = (page: Page, lib: string) => page.locator(`[data-code="${lib}"] code`);

/** Each library's pooled (batch) variant, written from its documentation:
 * MONAI `batch=True` ("sum the intersection and union areas over the batch dimension before
 * the dividing"); smp's DiceLoss as it is (it sums over dims (0, 2): the batch pooled);
 * Keras `axis=None`; plain torch's sums over (0, 1, 2, 3). */
async function expectPooled(page: Page) {
  for (const lib of ['pytorch', 'monai', 'smp', 'keras']) {
    await expect(page.locator(`[data-code="${lib}"]`)).toHaveAttribute('data-reduction', 'pooled');
  }
  await expect(code(page, 'monai')).toContainText('batch=True');
  await expect(code(page, 'smp')).toContainText('loss_fn = dice');
  await expect(code(page, 'smp')).not.toContainText('zip(');
  await expect(code(page, 'keras')).toContainText('axis = None');
  await expect(code(page, 'pytorch')).toContainText('dims = (0, 1, 2, 3)');
}

/** Per image: MONAI `batch=False`; smp needs a loop over the images; Keras and torch sum
 * over each image's axes (1, 2, 3). */
async function expectPerImage(page: Page) {
  for (const lib of ['pytorch', 'monai', 'smp', 'keras']) {
    await expect(page.locator(`[data-code="${lib}"]`)).toHaveAttribute('data-reduction', 'per_image');
  }
  await expect(code(page, 'monai')).toContainText('batch=False');
  await expect(code(page, 'smp')).toContainText('for z, y in zip(logits, target):');
  await expect(code(page, 'keras')).toContainText('axis = (1, 2, 3)');
  await expect(code(page, 'pytorch')).toContainText('dims = (1, 2, 3)');
}

test('the code follows the race reduction unless one is chosen beside it; the link carries it', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  await page.getByTestId('current-loss').selectOption('dice');
  // The race pools the batch by default (its extreme preset).
  await openView(page, 'race');
  await expect(page.getByTestId('race-reduction')).toHaveValue('pooled');
  await openView(page, 'learn');
  const choice = page.getByTestId('code-reduction');
  await expect(choice).toHaveValue('race');
  await expectPooled(page);
  if (SHOTS) await page.locator('.learn-panel').filter({ has: choice }).screenshot({ path: `${SHOTS}/code-pooled.png` });

  // Chosen beside the code: per image, and the link says so.
  await choice.selectOption('per_image');
  await expectPerImage(page);
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('learn.code_reduction=per_image');

  // Back to "as the race"; the race switched to per image: the code follows it.
  await choice.selectOption('race');
  await expectPooled(page);
  await openView(page, 'race');
  await page.getByTestId('race-reduction').selectOption('per_image');
  await openView(page, 'learn');
  await expectPerImage(page);
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('learn.code_reduction=race');

  // A link that fixes pooled opens with pooled code, whatever the race's reduction.
  const hash = await page.evaluate(() => location.hash);
  const pooledLink = hash.replace('learn.code_reduction=race', 'learn.code_reduction=pooled');
  expect(pooledLink).toContain('race.reduction=per_image');
  await page.goto(`/${pooledLink}`);
  await openView(page, 'learn');
  await expect(page.getByTestId('code-reduction')).toHaveValue('pooled');
  await expectPooled(page);
  expect(errors).toEqual([]);
});
