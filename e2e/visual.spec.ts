import { expect, test } from '@playwright/test';

/*
 * Screenshot tests of a conversation in both themes at phone and desktop width. The goldens live in
 * e2e/visual.spec.ts-snapshots/ and are written only by `npm run test:update-screenshots`: a missing or
 * different picture fails the test (playwright.config.ts sets updateSnapshots: 'none').
 */
const SIZES = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;

test.use({ timezoneId: 'Europe/Paris', locale: 'en-US' });

for (const [size, viewport] of Object.entries(SIZES)) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`a conversation looks right on a ${size} in ${colorScheme}`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      await page.goto('/');
      await page.getByRole('button', { name: 'Try a sample archive' }).click();
      await expect(page.getByText(/^Imported \d+ new messages/)).toBeVisible({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Dismiss' }).click();
      // "Ready to work offline" appears once the service worker is installed: close it before the picture.
      await page.getByRole('button', { name: 'Close notice' }).click({ timeout: 20_000 });
      // The newest conversation of the sample is a group whose last message is a picture.
      await page.getByRole('navigation', { name: 'Conversations' }).getByRole('link').first().click();
      const log = page.getByRole('log', { name: 'Messages' });
      await expect(log.getByRole('article').last()).toBeInViewport();
      await expect(log.getByRole('img').last()).toBeVisible();
      await expect(page).toHaveScreenshot(`conversation-${size}-${colorScheme}.png`, {
        maxDiffPixelRatio: 0.01,
        // The footer names the build (a commit id), which changes with every commit.
        mask: [page.locator('footer .build')],
      });
    });
  }
}
