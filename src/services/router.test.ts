import { describe, expect, it } from 'vitest';
import { messagePath, pathOf, routeOf, type Route } from './router';

describe('routes in the URL', () => {
  const routes: [Route, string][] = [
    [{ view: 'home' }, '/'],
    [{ view: 'settings' }, '/settings'],
    [{ view: 'conversation', key: '+15555550123' }, '/conversations/%2B15555550123'],
    [
      { view: 'conversation', key: '+15555550123|+15555550124' },
      '/conversations/%2B15555550123%7C%2B15555550124',
    ],
    [{ view: 'conversation', key: 'AMAZON/UK' }, '/conversations/AMAZON%2FUK'],
    [
      { view: 'conversation', key: '+15555550123', messageId: '0a1b2c3d4e5f6a7b' },
      '/conversations/%2B15555550123/messages/0a1b2c3d4e5f6a7b',
    ],
    [
      { view: 'conversation', key: 'AMAZON/UK', messageId: 'id/with space' },
      '/conversations/AMAZON%2FUK/messages/id%2Fwith%20space',
    ],
  ];
  it.each(routes)('%o is %s and back', (route, path) => {
    expect(pathOf(route)).toBe(path);
    expect(routeOf(path)).toEqual(route);
  });

  it('links a message by its conversation key and id', () => {
    expect(messagePath('+15555550123', 'abc')).toBe('/conversations/%2B15555550123/messages/abc');
  });

  it.each([
    ['/conversations/', { view: 'home' }],
    ['/conversations/%E0%A4%A', { view: 'home' }],
    ['/conversations/%2B1555/elsewhere', { view: 'conversation', key: '+1555' }],
    ['/conversations/%2B1555/messages/', { view: 'conversation', key: '+1555' }],
    ['/nowhere', { view: 'home' }],
  ])('reads %s as %o', (path, route) => {
    expect(routeOf(path)).toEqual(route);
  });
});
