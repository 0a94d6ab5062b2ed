// Share, keep, survive (issue 7): links carry the exact state, bad links and bad files end
// in a notice with the scene untouched, work survives a reload (undo included), the page runs
// under its Content-Security-Policy and asks nothing of another origin.
import { expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import {
  boardChangedFrom,
  openApp,
  readBoard,
  settledBoard,
  stroke,
  watchErrors,
  type Board,
} from './helpers';

const FIXTURES = path.join(__dirname, 'fixtures');
const SHOTS = process.env.SHARE_SHOTS ?? '';

/** CRC-32 (IEEE), for hand-made PNG chunks. */
function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A valid 8-bit gray PNG of `width × height` (every row filter 0, pixels from `level`). */
function grayPng(width: number, height: number, level: (x: number, y: number) => number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // gray
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = level(x, y);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A PNG whose header claims `width × height` but carries one row of data. */
function hugeHeaderPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(width + 1))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function noPanic(page: Page): Promise<void> {
  await expect(page.getByTestId('panic-banner')).toHaveCount(0);
}

/** Waits for the debounced URL update and returns the page's fragment. */
async function settledHash(page: Page): Promise<string> {
  let last = '';
  await expect
    .poll(async () => {
      const now = await page.evaluate(() => location.hash);
      const same = now === last;
      last = now;
      return same && now.startsWith('#v1&');
    }, { message: 'the URL carries the state (#v1&…) and holds still', intervals: [400] })
    .toBe(true);
  return last;
}

let defaults: Board;

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await openApp(page);
  defaults = await settledBoard(page);
  await page.close();
});

test.describe('the page is safe to open', () => {
  test('a CSP allows only the app itself; no request leaves the origin; no violation', async ({
    page,
    baseURL,
  }) => {
    const errors = watchErrors(page);
    const foreign: string[] = [];
    const origin = new URL(baseURL ?? 'http://127.0.0.1/').origin;
    page.on('request', (req) => {
      const url = req.url();
      if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
        foreign.push(url);
      }
    });
    await openApp(page);
    const csp = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    expect(csp, 'index.html has a CSP meta tag').toBeTruthy();
    const directives = Object.fromEntries(
      (csp ?? '').split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toContain("'self'");
    expect(directives['script-src']).toContain("'wasm-unsafe-eval'");
    expect(directives['script-src'], 'no unsafe-inline/eval for scripts').not.toContain(
      "'unsafe-inline'",
    );
    expect(directives['script-src']).not.toContain("'unsafe-eval'");
    expect(
      directives['script-src'].filter((s: string) => s.startsWith("'sha256-")).length,
      "Trunk's loader is allowed by its hash",
    ).toBeGreaterThan(0);
    expect(directives['connect-src']).toEqual(["'self'"]);
    for (const [name, values] of Object.entries(directives)) {
      for (const v of values as string[]) {
        expect(v, `${name} names no remote origin`).not.toMatch(/^(https?:|\*|\/\/)/);
      }
    }
    // The app runs under it: paint, the board changes.
    const before = await readBoard(page);
    await stroke(page, page.locator('canvas[data-layer="target"]'), { yFrac: 0.3 });
    await boardChangedFrom(page, before, 'a stroke');
    await page.getByTestId('copy-link').click();
    await noPanic(page);
    expect(foreign, 'requests to another origin').toEqual([]);
    expect(errors, 'console errors (a CSP violation is one)').toEqual([]);
  });
});

/** Each: a link, the link whose state should come out (what could be kept), the key named. */
const BAD_LINKS: { name: string; link: string; kept: string; names: string }[] = [
  { name: 'wrong version', link: 'v9&scene.grid=32', kept: '', names: 'link' },
  { name: 'not a link at all', link: 'hello%20world', kept: '', names: 'link' },
  { name: 'bad base64', link: 'v1&scene.target=@@@@&model.fg=0.75', kept: 'v1&model.fg=0.75', names: 'scene.target' },
  { name: 'wrong mask length', link: 'v1&scene.grid=32&scene.target=AAP9', kept: 'v1&scene.grid=32', names: 'scene.target' },
  { name: 'NaN parameter', link: 'v1&loss.dice.smooth=NaN&loss=iou', kept: 'v1&loss=iou', names: 'loss.dice.smooth' },
  { name: 'out-of-range parameter', link: 'v1&model.fg=7&model.bg=0.2', kept: 'v1&model.bg=0.2', names: 'model.fg' },
  { name: 'negative smooth', link: 'v1&loss.tversky.smooth=-1', kept: '', names: 'loss.tversky.smooth' },
  { name: 'unknown key', link: 'v1&zzz=1&scene.shape=square', kept: 'v1&scene.shape=square', names: 'zzz' },
  { name: 'unknown view', link: 'v1&view=nowhere', kept: '', names: 'view' },
  { name: 'huge number', link: `v1&scene.area=${'9'.repeat(60)}`, kept: '', names: 'scene.area' },
  { name: 'infinite number', link: 'v1&loss.focal.gamma=1e999', kept: '', names: 'loss.focal.gamma' },
  {
    // A palette claiming 2^62 entries: varint 80 80 80 80 80 80 80 80 40 → base64url.
    name: 'hostile palette length',
    link: `v1&scene.ink=${Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]).toString('base64url')}&scene.cover=AAAA`,
    kept: '',
    names: 'scene.ink',
  },
  { name: 'broken escape', link: 'v1&scene.shape=%zz&scene.grid=128', kept: 'v1&scene.grid=128', names: 'scene.shape' },
];

test.describe('bad links keep what they can and say what they ignored', () => {
  for (const bad of BAD_LINKS) {
    test(bad.name, async ({ page, browser }) => {
      let want = defaults;
      if (bad.kept) {
        const clean = await browser.newPage();
        await openApp(clean, `/#${bad.kept}`);
        await expect(clean.getByTestId('notice'), 'the clean link gives no notice').toBeHidden();
        want = await settledBoard(clean);
        await clean.close();
      }
      const errors = watchErrors(page);
      await openApp(page, `/#${bad.link}`);
      const notice = page.getByTestId('notice');
      await expect(notice).toBeVisible();
      await expect(notice).toContainText(bad.names);
      expect(await settledBoard(page), 'the numbers are those of what could be kept').toEqual(want);
      await noPanic(page);
      expect(errors).toEqual([]);
      if (SHOTS && bad.name === 'NaN parameter') {
        await page.screenshot({ path: path.join(SHOTS, 'notice-bad-link.png') });
      }
    });
  }

  test('a link cut in the middle of a mask', async ({ page, browser }) => {
    const maker = await browser.newPage();
    await openApp(maker);
    const before = await readBoard(maker);
    await stroke(maker, maker.locator('canvas[data-layer="prediction"]'), { yFrac: 0.4 });
    await boardChangedFrom(maker, before, 'a stroke');
    const hash = await settledHash(maker);
    await maker.close();
    const cut = hash.slice(0, hash.indexOf('scene.cover=') + 'scene.cover='.length + 5);
    const errors = watchErrors(page);
    await openApp(page, `/${cut}`);
    await expect(page.getByTestId('notice')).toBeVisible();
    await expect(page.getByTestId('notice')).toContainText('scene.cover');
    await noPanic(page);
    expect(errors).toEqual([]);
  });
});

test.describe('bad files are refused and the scene is untouched', () => {
  const files: { name: string; file: () => { name: string; mimeType: string; buffer: Buffer } }[] = [
    {
      name: 'corrupt PNG',
      file: () => {
        const png = grayPng(16, 16, (x) => x * 16);
        png.fill(0x55, 41, 70); // inside IDAT: the checksum no longer matches
        return { name: 'corrupt.png', mimeType: 'image/png', buffer: png };
      },
    },
    {
      name: 'text file renamed .png',
      file: () => ({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('just some text\n') }),
    },
    {
      name: 'oversized image (header 20000 × 20000)',
      file: () => ({ name: 'huge.png', mimeType: 'image/png', buffer: hugeHeaderPng(20000, 20000) }),
    },
    {
      name: 'oversized file (17 MiB)',
      file: () => ({ name: 'big.png', mimeType: 'image/png', buffer: Buffer.alloc(17 << 20, 7) }),
    },
    {
      name: 'truncated PNG',
      file: () => ({ name: 'cut.png', mimeType: 'image/png', buffer: grayPng(16, 16, () => 200).subarray(0, 45) }),
    },
  ];
  for (const kind of ['import-target', 'import-prediction']) {
    for (const f of files) {
      test(`${kind}: ${f.name}`, async ({ page }) => {
        const errors = watchErrors(page);
        await openApp(page);
        const before = await settledBoard(page);
        await page.getByTestId(kind).setInputFiles(f.file());
        const notice = page.getByTestId('notice');
        await expect(notice).toBeVisible();
        await expect(notice).toContainText(f.file().name);
        await expect(page.getByTestId('import-preview')).toBeHidden();
        expect(await settledBoard(page), 'the scene is untouched').toEqual(before);
        await noPanic(page);
        expect(errors).toEqual([]);
        if (SHOTS && f.name === 'text file renamed .png' && kind === 'import-target') {
          await page.screenshot({ path: path.join(SHOTS, 'notice-bad-file.png') });
        }
      });
    }
  }

  test('a JPEG target: preview, cancel leaves the scene, apply replaces it, undo reverts', async ({ page }) => {
    const errors = watchErrors(page);
    await openApp(page);
    const before = await settledBoard(page);
    await page.getByTestId('import-target').setInputFiles(path.join(FIXTURES, 'disc.jpg'));
    await expect(page.getByTestId('import-preview')).toBeVisible();
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'import-preview.png') });
    expect(await settledBoard(page), 'nothing changes before apply').toEqual(before);
    await page.getByTestId('import-cancel').click();
    await expect(page.getByTestId('import-preview')).toBeHidden();
    expect(await readBoard(page)).toEqual(before);
    await page.getByTestId('import-target').setInputFiles(path.join(FIXTURES, 'disc.jpg'));
    await page.getByTestId('import-apply').click();
    const after = await boardChangedFrom(page, before, 'apply');
    await page.getByTestId('undo').click();
    await boardChangedFrom(page, after, 'undo');
    expect(await settledBoard(page)).toEqual(before);
    await noPanic(page);
    expect(errors).toEqual([]);
  });

  test('the import buttons open the file picker, labelled in the page language', async ({ page }) => {
    await openApp(page);
    for (const [lang, target, prediction] of [
      ['en', 'Import target…', 'Import prediction…'],
      ['zh', '导入目标…', '导入预测…'],
    ]) {
      await page.getByTestId('lang').selectOption(lang);
      await expect(page.getByTestId('import-target-button')).toHaveText(target);
      await expect(page.getByTestId('import-prediction-button')).toHaveText(prediction);
    }
    // The browser's untranslatable file control is not shown; its input stays for the hook.
    const box = await page.getByTestId('import-target').boundingBox();
    expect(box && box.width <= 1 && box.height <= 1, 'the native file control takes no room').toBe(true);
    expect(await page.getByTestId('import-target').evaluate((el) => getComputedStyle(el).opacity)).toBe('0');
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByTestId('import-target-button').click(),
    ]);
    expect(chooser.isMultiple()).toBe(false);
    await chooser.setFiles(path.join(FIXTURES, 'disc.jpg'));
    await expect(page.getByTestId('import-preview')).toBeVisible();
    await page.getByTestId('import-cancel').click();
  });

  test('a PNG dropped on the prediction canvas opens the preview', async ({ page }) => {
    const errors = watchErrors(page);
    await openApp(page);
    const before = await settledBoard(page);
    const bytes = fs.readFileSync(path.join(FIXTURES, 'ramp.png')).toString('base64');
    const transfer = await page.evaluateHandle((b64) => {
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bin], 'ramp.png', { type: 'image/png' }));
      return dt;
    }, bytes);
    const canvas = page.locator('canvas[data-layer="prediction"]');
    await canvas.dispatchEvent('dragover', { dataTransfer: transfer });
    await canvas.dispatchEvent('drop', { dataTransfer: transfer });
    await expect(page.getByTestId('import-preview')).toBeVisible();
    await page.getByTestId('import-apply').click();
    await boardChangedFrom(page, before, 'apply');
    await noPanic(page);
    expect(errors).toEqual([]);
  });
});

test.describe('nothing lost', () => {
  test('paint, reload: the same scene, the same numbers, and undo still works', async ({ page }) => {
    const errors = watchErrors(page);
    await openApp(page);
    const start = await settledBoard(page);
    await stroke(page, page.locator('canvas[data-layer="target"]'), { yFrac: 0.2 });
    const painted = await boardChangedFrom(page, start, 'a target stroke');
    await page.getByTestId('brush-layer').selectOption('prediction');
    await stroke(page, page.locator('canvas[data-layer="prediction"]'), { yFrac: 0.7 });
    const both = await boardChangedFrom(page, painted, 'a prediction stroke');
    await page.reload();
    await openApp(page, page.url());
    expect(await settledBoard(page), 'the same numbers after reload').toEqual(both);
    await expect(page.getByTestId('notice')).toBeHidden();
    await page.getByTestId('undo').click();
    expect(await boardChangedFrom(page, both, 'undo after reload')).toEqual(painted);
    await page.getByTestId('undo').click();
    expect(await boardChangedFrom(page, painted, 'second undo')).toEqual(start);
    await page.getByTestId('redo').click();
    expect(await boardChangedFrom(page, start, 'redo')).toEqual(painted);
    expect(errors).toEqual([]);
  });

  test('without the fragment, the autosave comes back', async ({ page }) => {
    await openApp(page);
    const start = await settledBoard(page);
    await stroke(page, page.locator('canvas[data-layer="target"]'), { yFrac: 0.25 });
    const painted = await boardChangedFrom(page, start, 'a stroke');
    await settledHash(page);
    await openApp(page, '/');
    expect(await settledBoard(page)).toEqual(painted);
  });

  test('opening a link over different autosaved work: the link wins, Undo brings the work back', async ({ page, browser }) => {
    const errors = watchErrors(page);
    await openApp(page);
    const start = await settledBoard(page);
    await stroke(page, page.locator('canvas[data-layer="target"]'), { yFrac: 0.15 });
    const painted = await boardChangedFrom(page, start, 'a stroke');
    await settledHash(page);
    // Same browser profile (same localStorage), another link, in a new document.
    await page.goto('about:blank');
    await openApp(page, '/#v1&scene.shape=ship&scene.area=300');
    const linked = await settledBoard(page);
    const ref = await browser.newPage();
    await openApp(ref, '/#v1&scene.shape=ship&scene.area=300');
    expect(linked, 'the link wins').toEqual(await settledBoard(ref));
    await ref.close();
    await expect(page.getByTestId('notice')).toBeVisible();
    await page.getByTestId('undo').click();
    expect(await boardChangedFrom(page, linked, 'undo'), 'the autosaved work is one undo away').toEqual(painted);
    // A link pasted into the open tab (only the fragment changes: hashchange) loads too.
    await page.evaluate(() => { location.hash = '#v1&scene.shape=ship&scene.area=300'; });
    expect(await boardChangedFrom(page, painted, 'hashchange')).toEqual(linked);
    await page.getByTestId('undo').click();
    expect(await boardChangedFrom(page, linked, 'undo of the pasted link')).toEqual(painted);
    expect(errors).toEqual([]);
  });

  test('reset everything asks first (Escape cancels), then resets; undo brings the scene back', async ({ page, browser }) => {
    await openApp(page, '/#v1&scene.shape=square&loss.dice.smooth=3');
    const custom = await settledBoard(page);
    expect(custom).not.toEqual(defaults);
    await page.getByTestId('reset-all').click();
    const dialog = page.getByTestId('reset-dialog');
    await expect(dialog).toBeVisible();
    await expect(page.getByTestId('reset-cancel')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    expect(await readBoard(page)).toEqual(custom);
    await page.getByTestId('reset-all').click();
    await page.getByTestId('reset-confirm').click();
    await expect(dialog).toBeHidden();
    expect(await boardChangedFrom(page, custom, 'reset')).toEqual(defaults);
    await page.getByTestId('undo').click();
    const undone = await boardChangedFrom(page, defaults, 'undo');
    // The scene (square) comes back; the loss parameters stay reset.
    const scene = await browser.newPage();
    await openApp(scene, '/#v1&scene.shape=square');
    expect(undone).toEqual(await settledBoard(scene));
    await scene.close();
  });

  test('the open view travels in the link and is reset too', async ({ page }) => {
    await page.goto('/#v1&view=curves');
    await expect(page.locator('[data-view="curves"]')).toHaveAttribute('aria-selected', 'true');
    await page.getByTestId('reset-all').click();
    await page.getByTestId('reset-confirm').click();
    await expect(page.locator('[data-view="scene"]')).toHaveAttribute('aria-selected', 'true');
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('view=scene');
  });
});

test.describe('links', () => {
  test('copy link → a fresh page shows identical values at full precision', async ({ page, browser, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const errors = watchErrors(page);
    await openApp(page);
    const start = await settledBoard(page);
    await page.getByTestId('brush-layer').selectOption('prediction');
    await stroke(page, page.locator('canvas[data-layer="prediction"]'), { yFrac: 0.45 });
    const painted = await boardChangedFrom(page, start, 'a soft stroke');
    await page.getByTestId('current-loss').selectOption('focal');
    await page.getByTestId('copy-link').click();
    const status = page.getByTestId('copy-status');
    await expect(status).toBeVisible();
    const state = await status.getAttribute('data-state');
    const url =
      state === 'copied'
        ? await page.evaluate(() => navigator.clipboard.readText())
        : await page.getByTestId('link-text').inputValue();
    expect(url).toContain('#v1&');
    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    const otherErrors = watchErrors(other);
    await openApp(other, url);
    const board = await settledBoard(other);
    expect(board, 'every data-value identical, digit for digit').toEqual(painted);
    await expect(other.getByTestId('current-loss')).toHaveValue('focal');
    await expect(other.getByTestId('notice')).toBeHidden();
    await fresh.close();
    expect(errors).toEqual([]);
    expect(otherErrors).toEqual([]);
  });

  test('a 256 × 256 blurred scene with soft strokes round-trips exactly', async ({ page, browser }) => {
    await openApp(page, '/#v1&scene.grid=256&scene.shape=several&scene.area=3000&model.blur=2.5&model.specks=40');
    const start = await settledBoard(page);
    await page.getByTestId('brush-layer').selectOption('prediction');
    await stroke(page, page.locator('canvas[data-layer="prediction"]'), { yFrac: 0.6 });
    const painted = await boardChangedFrom(page, start, 'a soft stroke');
    const hash = await settledHash(page);
    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    await openApp(other, `/${hash}`);
    expect(await settledBoard(other)).toEqual(painted);
    await fresh.close();
  });

  test('export masks downloads the target and the prediction as PNG', async ({ page }) => {
    await openApp(page);
    const downloads: string[] = [];
    page.on('download', async (d) => downloads.push(d.suggestedFilename()));
    const first = page.waitForEvent('download');
    await page.getByTestId('export-masks').click();
    const file = await (await first).path();
    const head = fs.readFileSync(file ?? '').subarray(0, 8);
    expect([...head]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await expect.poll(() => downloads.sort()).toEqual(['losslab-prediction.png', 'losslab-target.png']);
  });
});

test.describe('every view settings in the link', () => {
  test("the race's, curves', maps' settings and the tour step come back from a copied URL", async ({ page, browser }) => {
    const errors = watchErrors(page);
    await openApp(page);
    // Maps: linear scaling. Curves: sweep gamma. Race: the crop preset, seed 7.
    await page.locator('[data-view="gradients"]').click();
    await page.locator('[data-maps-toggle="scaling"] button[data-choice="linear"]').click();
    await page.locator('[data-view="curves"]').click();
    await page.getByTestId('curves-sweep-param').selectOption('gamma');
    await page.locator('[data-view="race"]').click();
    await page.getByTestId('race-preset').selectOption('crop');
    const seed = page.locator('input[data-race-setting="race.seed"]');
    await seed.fill('7');
    await seed.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('race.seed=7');
    const url = page.url();
    expect(url).toContain('race.preset=');
    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    const otherErrors = watchErrors(other);
    await other.goto(url); // opens on the race view: no board to wait for
    await expect(other.locator('[data-view="race"]')).toHaveAttribute('aria-selected', 'true');
    await expect(other.locator('input[data-race-setting="race.seed"]')).toHaveValue('7');
    await other.locator('[data-view="curves"]').click();
    await expect(other.getByTestId('curves-sweep-param')).toHaveValue('gamma');
    await other.locator('[data-view="gradients"]').click();
    await expect(other.locator('[data-maps-toggle="scaling"] button[data-choice="linear"]')).toHaveClass(/active/);
    await expect(other.getByTestId('notice')).toBeHidden();
    await fresh.close();
    expect(errors).toEqual([]);
    expect(otherErrors).toEqual([]);
  });
});
