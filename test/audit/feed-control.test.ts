/** Security audit (issue 14): the population feed refuses control characters in its free text. */
import { describe, expect, it } from 'vitest';
import { generatePeople } from '../../domain/demo-world.js';
import { personRecordSchema } from '../../domain/person.js';

const [person] = [...generatePeople({ seed: 7, perRegion: 1, today: '2026-06-15' })];

describe('feed records with control characters', () => {
  it('a line break, TAB or NUL in a name, address or municipality is refused with a Swedish reason', () => {
    const variants = [
      { ...person!, familyName: 'Svensson\n=HYPERLINK("http://evil.example")' },
      { ...person!, givenName: 'An\u0000na' },
      { ...person!, municipality: 'Hud\tdinge' },
      { ...person!, address: { ...person!.address, street: 'Gatan 1\r\n@SUM(A1)' } },
    ];
    for (const v of variants) {
      const parsed = personRecordSchema.safeParse(v);
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues[0]!.message).toBe('får inte innehålla styrtecken (radbrytning, tabb, nolltecken)');
    }
  });

  it('an ordinary record is still accepted', () => {
    expect(personRecordSchema.safeParse(person).success).toBe(true);
  });
});
