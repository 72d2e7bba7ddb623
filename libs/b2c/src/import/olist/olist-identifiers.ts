/**
 * The identifier scheme of the Olist import. The data set knows a person only as `customer_unique_id`
 * and gives each order its own `customer_id`; identity resolution must recover the persons without
 * ever seeing `customer_unique_id`. So each order is sighted under its `customer_id` (an order
 * account) and one more identifier of the person, and further sightings (identify, page views) chain
 * the person's identifiers together the way shops see them: the first order by email, later ones by
 * phone, the two joined only through a device and a cookie, or directly, by the person's chain shape.
 * Everything derives from a hash of `customer_unique_id`, so a re-import gives the same values.
 */
import { createHash } from 'node:crypto';

export type ChainShape = 'device-and-cookie' | 'email-and-phone' | 'app';

export interface OlistPerson {
  /** Rank of the person among all persons by `customer_unique_id`: makes phone numbers unique. */
  index: number;
  customerUniqueId: string;
  state: string;
}

export interface PersonIdentifiers {
  /** As the shop stores it; some sightings send it in upper case (normalisation must bring them together). */
  email: string;
  phone: string;
  deviceId: string;
  cookieId: string;
  shape: ChainShape;
  /** Junk the person's sightings also carry (never to link): which kinds. */
  junk: { testEmail: boolean; zeroPhone: boolean; nullCustomerId: boolean };
  /** Used a store kiosk (a device shared by many shoppers of the state). */
  kioskUser: boolean;
  marketingConsent: boolean;
}

const DOMAINS = ['gmail.com', 'hotmail.com', 'yahoo.com.br', 'uol.com.br', 'bol.com.br', 'outlook.com'];
// Area codes by state (the capital's), so numbers look like the customers'; 11 (São Paulo) otherwise.
const AREA: Readonly<Record<string, string>> = {
  SP: '11',
  RJ: '21',
  ES: '27',
  MG: '31',
  PR: '41',
  SC: '47',
  RS: '51',
  DF: '61',
  GO: '62',
  TO: '63',
  MT: '65',
  MS: '67',
  AC: '68',
  RO: '69',
  BA: '71',
  SE: '79',
  PE: '81',
  AL: '82',
  PB: '83',
  RN: '84',
  CE: '85',
  PI: '86',
  MA: '98',
  PA: '91',
  AM: '92',
  RR: '95',
  AP: '96',
};

/** The blocked junk values the import sends (docs/adr/0006: they must never link anything). */
export const OLIST_JUNK = { email: 'test@example.com', phone: '+5500000000000', customerId: 'null' } as const;

/** A kiosk links more emails than the email limit (5) only where enough of its state's persons used it. */
export const KIOSK_MIN_USERS = 6;
export const kioskDeviceOf = (state: string): string => `kiosk-${state.toLowerCase()}`;

const hashOf = (customerUniqueId: string): Buffer =>
  createHash('sha256').update(`olist\u0000${customerUniqueId}`).digest();

export const personIdentifiers = (person: OlistPerson): PersonIdentifiers => {
  const h = hashOf(person.customerUniqueId);
  const hex = h.toString('hex');
  const local = `cliente.${hex.slice(0, 12)}`;
  // '1' and 7 digits from the person's rank (7919 is prime to 10^7: one number per person), never
  // eight equal digits, which is a junk pattern; 0 is free (the rank is shifted by one) and takes that slot.
  const rank = ((person.index + 1) * 7919) % 10_000_000;
  const subscriber = `1${String(rank === 1_111_111 ? 0 : rank).padStart(7, '0')}`;
  const shapeByte = h[20]! % 10;
  return {
    email: `${local}@${DOMAINS[h[16]! % DOMAINS.length]!}`,
    phone: `+55${AREA[person.state] ?? '11'}9${subscriber}`,
    deviceId: `dev-${hex.slice(12, 28)}`,
    cookieId: `ck-${hex.slice(28, 44)}`,
    shape: shapeByte < 5 ? 'device-and-cookie' : shapeByte < 8 ? 'email-and-phone' : 'app',
    junk: { testEmail: h[21]! % 25 === 0, zeroPhone: h[22]! % 33 === 0, nullCustomerId: h[23]! % 40 === 0 },
    kioskUser: h[24]! % 25 === 0,
    marketingConsent: h[25]! % 3 !== 0,
  };
};

/** The address as some systems send it: upper-cased, to be normalised back. */
export const shouted = (email: string): string => email.toUpperCase();
