import { describe, expect, it } from 'vitest';
import { messageIdOfToken, messageToken, newConversationSecrets } from '../model/opaque-id';
import type { Conversation } from '../model/types';
import { conversationPath, messagePath, opaqueRoute, pathOf, routeOf, type Route } from './router';

const ID = 'q3Jx0W_p-8cLzT1nVb2aYg';

describe('routes in the URL', () => {
  const routes: [Route, string][] = [
    [{ view: 'home' }, '/'],
    [{ view: 'settings' }, '/settings'],
    [{ view: 'conversation', id: ID }, `/conversations/${ID}`],
    [{ view: 'conversation', id: ID, message: 'Zx9_-aB3c0Q' }, `/conversations/${ID}/messages/Zx9_-aB3c0Q`],
    // Whatever an id holds is encoded, so a hand-edited or old address still reads back as it was.
    [{ view: 'conversation', id: 'a/b c' }, '/conversations/a%2Fb%20c'],
    [
      { view: 'conversation', id: ID, message: 'id/with space' },
      `/conversations/${ID}/messages/id%2Fwith%20space`,
    ],
  ];
  it.each(routes)('%o is %s and back', (route, path) => {
    expect(pathOf(route)).toBe(path);
    expect(routeOf(path)).toEqual(route);
  });

  it.each([
    ['/conversations/', { view: 'home' }],
    ['/conversations/%E0%A4%A', { view: 'home' }],
    [`/conversations/${ID}/elsewhere`, { view: 'conversation', id: ID }],
    [`/conversations/${ID}/messages/`, { view: 'conversation', id: ID }],
    ['/nowhere', { view: 'home' }],
  ])('reads %s as %o', (path, route) => {
    expect(routeOf(path)).toEqual(route);
  });

  it('reads an address from before opaque ids with the key where the id goes', () => {
    expect(routeOf('/conversations/%2B15555550123%7C%2B15555550124/messages/0a1b2c3d4e5f6a7b')).toEqual({
      view: 'conversation',
      id: '+15555550123|+15555550124',
      message: '0a1b2c3d4e5f6a7b',
    });
  });
});

describe('links hold nothing about the person or the message', () => {
  const conversation: Conversation = {
    key: '+15557654321',
    ...newConversationSecrets(),
    participants: [{ address: '+15557654321', raw: '(555) 765-4321', name: 'Zebulon Quux' }],
    title: 'Zebulon Quux',
    isGroup: false,
    messageCount: 2,
    callCount: 0,
    lastTime: 0,
    lastSnippet: '',
  };
  const messageId = '0a1b2c3d4e5f6a7b';

  it('links a conversation by its random id only', () => {
    const path = conversationPath(conversation);
    expect(path).toBe(`/conversations/${conversation.id}`);
    expect(conversation.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(path).not.toMatch(/5557654321|Zebulon|Quux/);
  });

  it('links a message by a salted token, not by its id', () => {
    const path = messagePath(conversation, messageId);
    const token = messageToken(conversation.salt, messageId);
    expect(path).toBe(`/conversations/${conversation.id}/messages/${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{11}$/);
    expect(path).not.toContain(messageId);
    expect(path).not.toContain(conversation.salt);
    // The same message in a conversation with another salt gets another token: the salt is what it hangs on.
    expect(messageToken(newConversationSecrets().salt, messageId)).not.toBe(token);
    expect(messageToken(conversation.salt, messageId)).toBe(token);
  });

  it('finds the message a token names, and none for a token of another conversation', () => {
    const messages = [{ id: 'aaaa' }, { id: messageId }, { id: 'bbbb' }];
    expect(messageIdOfToken(messages, conversation.salt, messageToken(conversation.salt, messageId))).toBe(
      messageId,
    );
    const elsewhere = messageToken(newConversationSecrets().salt, messageId);
    expect(messageIdOfToken(messages, conversation.salt, elsewhere)).toBeUndefined();
  });

  it('rewrites an old address (key, message id) to the opaque form', () => {
    const legacy = routeOf(`/conversations/%2B15557654321/messages/${messageId}`);
    if (legacy.view !== 'conversation') throw new Error('an old address must read as a conversation');
    const opaque = opaqueRoute(legacy, conversation);
    expect(pathOf(opaque)).toBe(messagePath(conversation, messageId));
    expect(opaqueRoute({ view: 'conversation', id: conversation.key }, conversation)).toEqual({
      view: 'conversation',
      id: conversation.id,
    });
  });

  it('gives every conversation its own id and salt', () => {
    const made = Array.from({ length: 1000 }, newConversationSecrets);
    expect(new Set(made.map((s) => s.id)).size).toBe(1000);
    expect(new Set(made.map((s) => s.salt)).size).toBe(1000);
  });
});
