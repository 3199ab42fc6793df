import type { ManifestOptions } from 'vite-plugin-pwa';

/** The web app manifest: what the browser needs to install Textkeep to a home screen. */
export const manifest: Partial<ManifestOptions> = {
  id: '/',
  name: 'Textkeep',
  short_name: 'Textkeep',
  description:
    'Keep the text messages from your old phones: read, search and export them, offline and on your device.',
  start_url: '/',
  scope: '/',
  display: 'standalone',
  orientation: 'any',
  lang: 'en',
  dir: 'ltr',
  categories: ['utilities', 'productivity'],
  theme_color: '#0f766e',
  background_color: '#fdfaf3',
  icons: [
    { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
  screenshots: [
    {
      src: '/screenshots/narrow.png',
      sizes: '780x1688',
      type: 'image/png',
      form_factor: 'narrow',
      label: 'Textkeep on a phone',
    },
    {
      src: '/screenshots/wide.png',
      sizes: '2560x1600',
      type: 'image/png',
      form_factor: 'wide',
      label: 'Textkeep on a desktop: conversations beside the open conversation',
    },
  ],
};
