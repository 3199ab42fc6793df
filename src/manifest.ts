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
  // Share an archive into Textkeep from a phone's file manager or mail app (src/sw.ts receives the POST).
  share_target: {
    action: '/share-target',
    method: 'POST',
    enctype: 'multipart/form-data',
    params: {
      title: 'title',
      text: 'text',
      files: [
        {
          name: 'archive',
          accept: [
            '.xml',
            '.msg',
            '.vmsg',
            '.vmg',
            '.vcf',
            '.zip',
            '.json',
            'text/xml',
            'application/xml',
            'application/zip',
            'application/json',
            'text/x-vmessage',
            'text/vcard',
            'application/octet-stream',
          ],
        },
      ],
    },
  },
  // Desktop Chromium: "Open with Textkeep" for archives (the page reads them from window.launchQueue).
  file_handlers: [
    {
      action: '/',
      accept: {
        'text/xml': ['.xml'],
        'application/zip': ['.zip'],
        'application/vnd.ms-outlook': ['.msg'],
        'text/x-vmessage': ['.vmsg', '.vmg'],
      },
    },
  ],
  launch_handler: { client_mode: 'focus-existing' },
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
