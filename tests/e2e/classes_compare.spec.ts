// The Multi-class view's library comparison, per-class maps, class-size curve and code
// (issue 18) on the view's own scenes. The comparison's numbers are checked against the
// libraries themselves: crates/core/tests/golden/mc_scene_compare.json holds, for each scene
// (the view's mc.* link settings), MONAI 1.6.1's DiceLoss(batch=False / True), smp 0.6.0's
// DiceLoss("multiclass") and the article's dice_coef_loss run on that scene's batch
// (tools/oracle/make_mc_scene.py, batches from the core's mc_scene_batch example).
import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { watchErrors } from './helpers';

interface SceneCase {
  name: string;
  settings: string[];
  shape: number[];
  values: Record<string, number>;
}

const GOLDEN = path.join(__dirname, '..', '..', 'crates', 'core', 'tests', 'golden', 'mc_scene_compare.json');
const CASES: SceneCase[] = JSON.parse(fs.readFileSync(GOLDEN, 'utf8'));

/** The link of a scene: the view and its settings, values percent-encoded. */
function link(c: SceneCase): string {
  const pairs = c.settings.map((kv) => {
    const [k, v] = kv.split('=');
    return `${k}=${encodeURIComponent(v)}`;
  });
  return ['/#v1', 'view=classes', ...pairs].join('&');
}

for (const c of CASES) {
  test(`the comparison panel gives the libraries' numbers: ${c.name}`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(link(c));
    await expect(page.locator('[data-mc-thumb]')).toHaveCount(c.shape[0]);
    for (const [library, want] of Object.entries(c.values)) {
      const cell = page.locator(`[data-compare="${library}"]`);
      await expect(cell).toHaveAttribute('data-value', /^[0-9]/);
      const got = Number(await cell.getAttribute('data-value'));
      expect(Math.abs(got - want), `${library}: page ${got}, library ${want}`).toBeLessThanOrEqual(
        1e-6 * Math.max(1, Math.abs(want)),
      );
    }
    expect(errors).toEqual([]);
  });
}

test('per-class maps, the class-size curve and the code follow the scene', async ({ page }) => {
  const errors = watchErrors(page);
  const companions = CASES.find((c) => c.name === 'companions');
  expect(companions, 'the golden file has the companions scene').toBeTruthy();
  await page.goto(link(companions!));
  // One gradient map per channel (background and two classes), none blank.
  const maps = page.locator('canvas[data-mc-gradient-map]');
  await expect(maps).toHaveCount(companions!.shape[1]);
  for (let c = 0; c < companions!.shape[1]; c++) {
    const canvas = page.locator(`canvas[data-mc-gradient-map="${c}"]`);
    await expect
      .poll(() =>
        canvas.evaluate((el: HTMLCanvasElement) => {
          const ctx = el.getContext('2d');
          if (!ctx || el.width === 0) return 0;
          const d = ctx.getImageData(0, 0, el.width, el.height).data;
          const seen = new Set<number>();
          for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
          return seen.size;
        }),
      )
      .toBeGreaterThan(2);
  }
  // Another image of the batch (the empty companion) redraws the maps.
  const before = await maps.first().evaluate((el: HTMLCanvasElement) => el.toDataURL());
  await page.getByTestId('mc-map-image').selectOption('1');
  await expect.poll(() => maps.first().evaluate((el: HTMLCanvasElement) => el.toDataURL())).not.toBe(before);
  // The curve finishes and exports its data.
  const panel = page.locator('[data-chart-panel="class-size-sweep"]');
  await expect(panel.locator('canvas[data-chart="class-size-sweep"]')).toBeVisible();
  const download = page.waitForEvent('download');
  await expect(panel.locator('[data-export="csv"]')).toBeEnabled({ timeout: 20_000 });
  await panel.locator('[data-export="csv"]').click();
  const csv = fs.readFileSync((await (await download).path())!, 'utf8');
  expect(csv.split('\n')[0]).toContain('panel');
  expect(csv.split('\n').length).toBeGreaterThan(20);
  // The code states the aggregation; switching to pooled and no background changes it.
  const monai = page.locator('[data-mc-code="monai"] pre');
  await expect(monai).toContainText('batch=False');
  await expect(monai).toContainText('include_background=True');
  await page.getByTestId('mc-batch').selectOption('pooled');
  await page.getByTestId('mc-include-background').uncheck();
  await expect(monai).toContainText('batch=True');
  await expect(monai).toContainText('include_background=False');
  expect(errors).toEqual([]);
});
