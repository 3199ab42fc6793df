import { describe, expect, it } from 'vitest';
import {
  DEFAULT_AUTHORITY,
  authorityOf,
  isDownloadUrl,
  isGraphUrl,
  microsoftConnectSources,
  microsoftSettings,
} from './onedrive-config';

describe('microsoftSettings', () => {
  it('is undefined without a client id, so the OneDrive feature explains itself', () => {
    expect(microsoftSettings({}, 'https://textkeep.example')).toBeUndefined();
    expect(microsoftSettings({ VITE_MSAL_CLIENT_ID: '  ' }, 'https://textkeep.example')).toBeUndefined();
  });

  it('defaults to the consumers authority and the redirect bridge of this origin', () => {
    expect(microsoftSettings({ VITE_MSAL_CLIENT_ID: 'abc' }, 'https://textkeep.example')).toEqual({
      clientId: 'abc',
      authority: DEFAULT_AUTHORITY,
      redirectUri: 'https://textkeep.example/redirect.html',
    });
  });

  it('takes a configured authority and redirect URI', () => {
    const env = {
      VITE_MSAL_CLIENT_ID: 'abc',
      VITE_MSAL_AUTHORITY: 'https://login.microsoftonline.com/organizations/',
      VITE_MSAL_REDIRECT_URI: 'https://app.example/redirect.html',
    };
    expect(microsoftSettings(env, 'https://elsewhere.example')).toMatchObject({
      authority: 'https://login.microsoftonline.com/organizations',
      redirectUri: 'https://app.example/redirect.html',
    });
  });

  it('refuses an authority that is not https', () => {
    expect(() => authorityOf({ VITE_MSAL_AUTHORITY: 'http://login.example/consumers' })).toThrow(/https/);
  });
});

describe('the hosts requests may go to', () => {
  it.each([
    ['https://graph.microsoft.com/v1.0/me/drive/root/children', true],
    ['https://graph.microsoft.com.evil.example/v1.0/me', false],
    ['http://graph.microsoft.com/v1.0/me', false],
    ['not a url', false],
  ])('isGraphUrl(%s) is %s', (url, expected) => {
    expect(isGraphUrl(url)).toBe(expected);
  });

  it.each([
    ['https://public.bn.files.1drv.com/y4m/x.xml?download=1', DEFAULT_AUTHORITY, true],
    ['http://public.bn.files.1drv.com/y4m/x.xml', DEFAULT_AUTHORITY, false],
    ['https://files.1drv.com.evil.example/x', DEFAULT_AUTHORITY, false],
    ['https://contoso-my.sharepoint.com/_layouts/15/download.aspx', DEFAULT_AUTHORITY, false],
    [
      'https://contoso-my.sharepoint.com/_layouts/15/download.aspx',
      'https://login.microsoftonline.com/organizations',
      true,
    ],
  ])('isDownloadUrl(%s, %s) is %s', (url, authority, expected) => {
    expect(isDownloadUrl(url, authority)).toBe(expected);
  });

  it('lists the Content-Security-Policy connect sources of the configuration', () => {
    expect(microsoftConnectSources(DEFAULT_AUTHORITY)).toEqual([
      'https://login.microsoftonline.com',
      'https://graph.microsoft.com',
      'https://*.files.1drv.com',
    ]);
  });
});
