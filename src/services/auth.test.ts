import { describe, expect, it } from 'vitest';
import { AuthService, problemOf } from './auth';

describe('AuthService', () => {
  it('without a client id is "unconfigured" and never loads MSAL', async () => {
    const auth = new AuthService({}, 'https://textkeep.example');
    expect(auth.state).toEqual({ phase: 'unconfigured' });
    expect(auth.settings).toBeUndefined();
    await auth.start();
    expect(auth.state).toEqual({ phase: 'unconfigured' });
    await expect(auth.accessToken()).rejects.toThrow('Not signed in.');
  });

  it('with a client id starts from the production configuration', () => {
    const auth = new AuthService({ VITE_MSAL_CLIENT_ID: 'abc' }, 'https://textkeep.example');
    expect(auth.state).toEqual({ phase: 'starting' });
    expect(auth.settings).toEqual({
      clientId: 'abc',
      authority: 'https://login.microsoftonline.com/consumers',
      redirectUri: 'https://textkeep.example/redirect.html',
    });
  });
});

describe('problemOf', () => {
  it.each([
    ['access_denied', 'cancelled'],
    ['consent_required', 'cancelled'],
    ['user_cancelled', 'cancelled'],
    ['no_network_connectivity', 'offline'],
    ['invalid_grant', 'failed'],
  ])('a sign-in ending in %s is "%s"', (errorCode, problem) => {
    expect(problemOf({ errorCode })).toBe(problem);
  });
});
