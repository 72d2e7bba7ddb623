/** Digital sightings of a B2C person: who they say they are, and what they looked at. */
import { boolean } from '../schema/scalars';
import { calendarDate, shortText, text, url } from '../schema/strings';
import { object, optional, required } from '../schema/schema';

const traits = object(
  {
    firstName: optional(shortText(200)),
    lastName: optional(shortText(200)),
    displayName: optional(shortText(200)),
    locale: optional(
      text({
        max: 35,
        chars: 'id',
        pattern: /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/,
        patternHint: 'a BCP 47 tag such as fr-FR',
      }),
    ),
    country: optional(
      text({
        max: 2,
        min: 2,
        chars: 'id',
        pattern: /^[A-Z]{2}$/,
        patternHint: 'an ISO 3166-1 alpha-2 code such as FR',
      }),
    ),
    birthDate: optional(calendarDate()),
  },
  { description: 'What the person told the publisher about themselves (personal data)' },
);

const consent = object(
  {
    email: optional(boolean('Marketing by email')),
    sms: optional(boolean('Marketing by SMS')),
    phone: optional(boolean('Marketing calls')),
    push: optional(boolean('App push notifications')),
  },
  { description: 'Consent as given at this moment; absent channels are unchanged' },
);

export const identifyV1 = object(
  { traits: optional(traits), consent: optional(consent) },
  { description: 'The identifiers in the subject were seen together (a sighting), with optional traits and consent' },
);

export const pageViewedV1 = object(
  {
    url: required(url()),
    title: optional(shortText()),
    referrer: optional(url()),
  },
  { description: 'A page or app screen was viewed' },
);
