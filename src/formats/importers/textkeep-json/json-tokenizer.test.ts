/** The bounded JSON tokenizer: what JSON.parse reads, whatever the chunk boundaries, within its bounds. */
import { describe, expect, it } from 'vitest';
import { LimitError } from '../../limits';
import { JsonSyntaxError, JsonTokenizer, type JsonEnd, type JsonToken } from './json-tokenizer';

/** Tokenizes `text` in chunks of `size`. */
function tokenize(
  text: string,
  size: number,
  maxString = 1000,
  maxDepth = 64,
): { tokens: JsonToken[]; end: JsonEnd } {
  const tokenizer = new JsonTokenizer(maxString, maxDepth);
  const tokens: JsonToken[] = [];
  const out = (token: JsonToken): void => {
    tokens.push(token);
  };
  for (let at = 0; at < text.length; at += size) tokenizer.push(text.slice(at, at + size), out);
  return { tokens, end: tokenizer.end(out) };
}

/** The value the tokens describe, built as JSON.parse would. */
function build(tokens: readonly JsonToken[]): unknown {
  const stack: { value: unknown[] | Record<string, unknown>; key?: string }[] = [];
  let root: unknown;
  const put = (value: unknown): void => {
    const top = stack.at(-1);
    if (!top) root = value;
    else if (Array.isArray(top.value)) top.value.push(value);
    else top.value[top.key ?? ''] = value;
  };
  for (const token of tokens) {
    switch (token.kind) {
      case '{':
      case '[':
        stack.push({ value: token.kind === '{' ? {} : [] });
        break;
      case '}':
      case ']':
        put(stack.pop()?.value);
        break;
      case 'key': {
        const top = stack.at(-1);
        if (top) top.key = token.text;
        break;
      }
      case 'string':
        put(token.text);
        break;
      default:
        put(token.value);
    }
  }
  return root;
}

const DOCUMENTS = [
  '{}',
  '[]',
  ' \n\t{ "a" : [ 1 , -2.5e+3 , 0 , 1E2, 0.125 ] , "b" : { } , "c" : [ [ ] ] }\r\n',
  '{"t":true,"f":false,"n":null,"s":"","e":[null]}',
  '"a lone string"',
  '-0',
  '[1e-7,123456789012345678901234567890]',
  String.raw`{"esc":"\"\\\/\b\f\n\r\t","u":"\u00e9\u4e2d\uD83D\uDE00 \ud800 lone","k\u0065y":1}`,
  '{"emoji":"👋🏽 家族 مرحبا","mixed":"a\\u0041b\\n"}',
  JSON.stringify(
    { format: 'textkeep.conversation', messages: [{ text: 'x'.repeat(500), a: [1, 2] }] },
    null,
    2,
  ),
];

describe('the JSON tokenizer', () => {
  it.each(DOCUMENTS)('reads %j as JSON.parse does, in one chunk and in chunks of 1 to 7', (text) => {
    const whole = tokenize(text, Infinity);
    expect(whole.end).toBe('complete');
    expect(build(whole.tokens)).toEqual(JSON.parse(text));
    for (const size of [1, 2, 3, 5, 7]) expect(tokenize(text, size)).toEqual(whole);
  });

  it.each([
    '{"a":1,}',
    '[1,]',
    '{"a" 1}',
    '{1:2}',
    '[01]',
    '[1.]',
    '[.5]',
    '[+1]',
    '[tru]',
    '[nul,1]',
    '[True]',
    '{"a":1}}',
    '{"a":1} x',
    '["tab\there"]',
    '["\\x"]',
    '["\\u12G4"]',
    "['single']",
    '[1 2]',
    '{"a":[}',
  ])('refuses %j', (text) => {
    for (const size of [1, Infinity]) {
      expect(() => tokenize(text, size)).toThrow(JsonSyntaxError);
    }
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('says where it stood when the text went wrong', () => {
    const error: unknown = (() => {
      try {
        tokenize('{\n"a": 1,\n\n"b": ?}', 3);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect((error as JsonSyntaxError).line).toBe(4);
  });

  it.each([
    ['', 'empty'],
    ['  \n ', 'empty'],
    ['{"a":[1,2', 'truncated'],
    ['{"a":"cut in the mid', 'truncated'],
    ['{"a":"\\u00', 'truncated'],
    ['{"a":', 'truncated'],
    ['[tr', 'truncated'],
    ['12', 'complete'],
  ] as const)('tells how %j ended: %s', (text, end) => {
    expect(tokenize(text, 1).end).toBe(end);
    expect(tokenize(text, Infinity).end).toBe(end);
  });

  it('keeps at most maxString characters of a string, counts the rest, and says it was cut', () => {
    const text = `["${'ab\\n'.repeat(600)}","short"]`;
    for (const size of [1, 7, 64, Infinity]) {
      const { tokens } = tokenize(text, size, 1000);
      expect(tokens[1]).toEqual({ kind: 'string', text: 'ab\n'.repeat(600).slice(0, 1000), cut: true });
      expect(tokens[2]).toEqual({ kind: 'string', text: 'short', cut: false });
    }
    const exact = tokenize(`["${'y'.repeat(1000)}"]`, 7, 1000);
    expect(exact.tokens[1]).toMatchObject({ cut: false });
  });

  it('tells while a string is still open that it passed the bound', () => {
    const tokenizer = new JsonTokenizer(10, 8);
    tokenizer.push('["0123456789', () => undefined);
    expect(tokenizer.overlong).toBe(false);
    tokenizer.push('a', () => undefined);
    expect(tokenizer.overlong).toBe(true);
    tokenizer.push('"]', () => undefined);
    expect(tokenizer.overlong).toBe(false);
  });

  it('stops at the container that goes one level too deep, whatever the chunks', () => {
    expect(tokenize(`${'['.repeat(64)}${']'.repeat(64)}`, 1).end).toBe('complete');
    for (const size of [1, 7, Infinity]) {
      expect(() => tokenize('[{"a":'.repeat(40), size)).toThrow(LimitError);
    }
  });

  it('refuses a number longer than any value may be', () => {
    expect(() => tokenize(`[${'9'.repeat(1001)}]`, 64, 1000)).toThrow(LimitError);
  });
});
