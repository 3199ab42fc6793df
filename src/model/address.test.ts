import { describe, expect, it } from 'vitest';
import {
  AddressResolver,
  formatAddressForDisplay,
  isSelfToken,
  normalizeAddress,
  phoneMatchKey,
  regionFromLocale,
  SELF_TOKEN,
  type AddressKind,
  type CountryCode,
} from './address';

describe('normalizeAddress', () => {
  it.each<[raw: string, region: CountryCode, address: string, kind: AddressKind]>([
    // E.164 as written, in any region.
    ['+4915112313123', 'DE', '+4915112313123', 'phone'],
    ['+4915112313123', 'US', '+4915112313123', 'phone'],
    ['+33 6 50 00 00 01', 'DE', '+33650000001', 'phone'],
    ['+44 (0)20 7946 0000', 'GB', '+442079460000', 'phone'],
    ['+49 (0)151 12313123', 'DE', '+4915112313123', 'phone'],
    // National numbers take the default region.
    ['09001234567', 'DE', '+499001234567', 'phone'],
    ['0151 12313123', 'DE', '+4915112313123', 'phone'],
    ['0151/12313123', 'DE', '+4915112313123', 'phone'],
    ['06 50 00 00 01', 'FR', '+33650000001', 'phone'],
    ['773-338-7786', 'US', '+17733387786', 'phone'],
    ['(773) 338-7786', 'US', '+17733387786', 'phone'],
    ['773.338.7786', 'US', '+17733387786', 'phone'],
    ['1-773-338-7786', 'US', '+17733387786', 'phone'],
    ['773\u2013338\u20137786', 'US', '+17733387786', 'phone'],
    // `00` and the region's own international prefix.
    ['0049 151 12313123', 'US', '+4915112313123', 'phone'],
    ['0049 151 12313123', 'DE', '+4915112313123', 'phone'],
    ['011 49 151 12313123', 'US', '+4915112313123', 'phone'],
    // Numbers libphonenumber cannot validate keep their digits, and their `+`.
    ['(555) 555-4545', 'US', '5555554545', 'phone'],
    ['5555554545', 'US', '5555554545', 'phone'],
    ['1-555-555-5655', 'US', '15555555655', 'phone'],
    ['+15555554545', 'US', '+15555554545', 'phone'],
    ['+1 555 555 4545', 'DE', '+15555554545', 'phone'],
    ['+21111111111', 'US', '+21111111111', 'phone'],
    ['1111111111', 'US', '1111111111', 'phone'],
    ['+11111111111', 'US', '+11111111111', 'phone'],
    ['09001234567', 'US', '09001234567', 'phone'],
    // Short codes, alphanumeric senders, emails.
    ['38642', 'US', '38642', 'short-code'],
    [' 7726 ', 'GB', '7726', 'short-code'],
    ['72-726', 'FR', '72726', 'short-code'],
    ['Google', 'US', 'Google', 'alphanumeric'],
    ['  OTP   Bank ', 'HU', 'OTP Bank', 'alphanumeric'],
    ['TELKOMSEL', 'ID', 'TELKOMSEL', 'alphanumeric'],
    ['Obi-wan\tKenobi', 'US', 'Obi-wan Kenobi', 'alphanumeric'],
    ['Bank\u0000Name', 'US', 'BankName', 'alphanumeric'],
    ['*123#', 'FR', '*123#', 'alphanumeric'],
    ['Alice@Example.COM', 'US', 'alice@example.com', 'email'],
    ['group_8@rcs.google.com', 'US', 'group_8@rcs.google.com', 'email'],
  ])('%s (%s) → %s', (raw, region, address, kind) => {
    expect(normalizeAddress(raw, region)).toEqual({ address, raw, kind });
  });

  it.each(['', '   ', 'null', 'NULL', 'insert-address-token', ' Insert-Address-Token '])(
    '%j is no address',
    (raw) => {
      expect(normalizeAddress(raw, 'US')).toBeUndefined();
    },
  );
});

describe('isSelfToken', () => {
  it.each([
    [SELF_TOKEN, true],
    [' insert-address-token ', true],
    ['+11111111110', false],
    ['Obi-wan Kenobi', false],
  ])('%j → %s', (raw, expected) => {
    expect(isSelfToken(raw)).toBe(expected);
  });
});

describe('phoneMatchKey', () => {
  it.each([
    ['+21111111111', '111111111'],
    ['1111111111', '111111111'],
    ['+4915112313123', '112313123'],
    ['015112313123', '112313123'],
    ['+33650000001', '650000001'],
    ['5554545', '5554545'],
    ['38642', undefined],
    ['123456', undefined],
    ['Google', undefined],
    ['alice@example.com', undefined],
  ])('%s → %s', (address, key) => {
    expect(phoneMatchKey(address)).toBe(key);
  });
});

describe('AddressResolver', () => {
  // Each row: known addresses, then addresses read in order, then what each read address resolves to.
  it.each<[name: string, known: string[], read: string[], resolved: string[]]>([
    [
      "a national number with its trunk prefix joins its + form, read in that form's own country",
      [],
      ['89225595543', '+79225595543', '+78125550100', '88125550100'],
      ['89225595543', '89225595543', '+78125550100', '+78125550100'],
    ],
    [
      'sender names differing only in letter case are one sender, the first spelling canonical',
      [],
      ['Telstra', 'telstra', 'TELSTRA', 'NetBank', 'netbank'],
      ['Telstra', 'Telstra', 'Telstra', 'NetBank', 'NetBank'],
    ],
    [
      'a stored sender name keeps its spelling when a later import writes it in another case',
      ['netbank'],
      ['NetBank', 'Straße'],
      ['netbank', 'Straße'],
    ],
    [
      'ragibson alternate_country_code: + form first',
      [],
      ['+21111111111', '1111111111'],
      ['+21111111111', '+21111111111'],
    ],
    [
      'ragibson missing_country_code: national form first stays canonical',
      [],
      ['1111111111', '+11111111111', '1111111111'],
      ['1111111111', '1111111111', '1111111111'],
    ],
    [
      'a later import brings the + form of a stored national number',
      ['1111111111'],
      ['+11111111111'],
      ['1111111111'],
    ],
    [
      'both forms stored: a new spelling prefers the + form',
      ['1111111111', '+11111111111'],
      ['01111111111', '1111111111', '+11111111111'],
      ['+11111111111', '1111111111', '+11111111111'],
    ],
    [
      'KhasMek: 10 digits and with the trunk 1',
      [],
      ['5555554545', '15555554545'],
      ['5555554545', '5555554545'],
    ],
    ['trunk 0 against E.164', ['+4915112313123'], ['015112313123'], ['+4915112313123']],
    [
      'two full international numbers are two people',
      [],
      ['+11111111111', '+21111111111'],
      ['+11111111111', '+21111111111'],
    ],
    [
      'fkleon sms-non-dupes-2: two numbers stay two',
      [],
      ['+491766932526', '+491732532532'],
      ['+491766932526', '+491732532532'],
    ],
    ['same tail, different number', [], ['5555554455', '5555554545'], ['5555554455', '5555554545']],
    ['a local number never joins a full one', ['+15555554545'], ['5554545'], ['5554545']],
    [
      'short codes and names pass through',
      ['38642'],
      ['38642', 'Google', 'Google'],
      ['38642', 'Google', 'Google'],
    ],
  ])('%s', (_name, known, read, resolved) => {
    const resolver = new AddressResolver(known);
    expect(read.map((address) => resolver.resolve(address))).toEqual(resolved);
  });

  it('registers addresses given later as canonical for themselves', () => {
    const resolver = new AddressResolver();
    resolver.register('+11111111111');
    resolver.register('1111111111');
    expect(resolver.resolve('1111111111')).toBe('1111111111');
    expect(resolver.resolve('+11111111111')).toBe('+11111111111');
  });
});

describe('regionFromLocale', () => {
  it.each([
    ['en-GB', 'GB'],
    ['fr', 'FR'],
    ['en', 'US'],
    ['de-DE', 'DE'],
    ['de', 'DE'],
    ['pt-BR', 'BR'],
    ['es-419', 'ES'],
    ['xx', 'US'],
    ['', 'US'],
    ['not a locale', 'US'],
  ])('%j → %s', (locale, region) => {
    expect(regionFromLocale(locale)).toBe(region);
  });
});

describe('formatAddressForDisplay', () => {
  it.each<[address: string, region: CountryCode, shown: string]>([
    ['+4915112313123', 'DE', '01511 2313123'],
    ['+4915112313123', 'US', '+49 1511 2313123'],
    ['+17733387786', 'US', '(773) 338-7786'],
    ['+17733387786', 'FR', '+1 773 338 7786'],
    ['+33650000001', 'FR', '06 50 00 00 01'],
    ['38642', 'US', '38642'],
    ['Google', 'US', 'Google'],
    ['alice@example.com', 'US', 'alice@example.com'],
    ['1111111111', 'US', '1111111111'],
    ['+21111111111', 'US', '+21111111111'],
  ])('%s (%s) → %s', (address, region, shown) => {
    expect(formatAddressForDisplay(address, region)).toBe(shown);
  });
});
