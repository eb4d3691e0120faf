import { describe, expect, it } from 'vitest';
import { DEMO_IDENTITIES, DEMO_ORGANISATIONS, DEMO_REGION_ORG_NUMBERS, DEMO_USERS, demoFeedLines, generatePeople } from '../domain/demo-world.js';
import { personRecordSchema, TYPE_CODES, type PersonRecord } from '../domain/person.js';

const today = '2026-06-15';
const people = [...generatePeople({ seed: 42, perRegion: 3000, today })];
const LMA_CHANGE = '2022-07-01';
const dates = (p: PersonRecord, type: string) => p.events.filter((e) => e.type === type).map((e) => e.date).sort();

describe('demo world', () => {
  it('generates only records the feed schema accepts', () => {
    expect(people).toHaveLength(9000);
    for (const p of people) expect(() => personRecordSchema.parse(p), p.dossierNumber).not.toThrow();
  });

  it('is the same for the same seed and different for another', () => {
    expect([...demoFeedLines({ seed: 42, perRegion: 3000, today })]).toEqual(people.map((p) => JSON.stringify(p)));
    expect([...generatePeople({ seed: 43, perRegion: 50, today })]).not.toEqual(people.slice(0, 50));
  });

  it('keeps a person unchanged when more people are generated', () => {
    expect([...generatePeople({ seed: 42, perRegion: 10, regions: ['232100-0131'], today })])
      .toEqual(people.filter((p) => p.regionOrgNumber === '232100-0131').slice(0, 10));
  });

  it('gives every person a unique dossier number', () => {
    expect(new Set(people.map((p) => p.dossierNumber)).size).toBe(people.length);
  });

  it('has every type code in every region in about the intended mix', () => {
    for (const region of DEMO_REGION_ORG_NUMBERS) {
      const inRegion = people.filter((p) => p.regionOrgNumber === region);
      expect(inRegion).toHaveLength(3000);
      for (const code of TYPE_CODES) expect(inRegion.some((p) => p.typeCode === code), `${region} ${code}`).toBe(true);
    }
    const share = (code: string) => people.filter((p) => p.typeCode === code).length / people.length;
    expect(share('A')).toBeCloseTo(0.55, 1);
    expect(share('M')).toBeCloseTo(0.25, 1);
  });

  it('protects about one percent and registers a few percent in the population register', () => {
    const protectedShare = people.filter((p) => p.protectedIdentity).length / people.length;
    expect(protectedShare).toBeGreaterThan(0.005);
    expect(protectedShare).toBeLessThan(0.02);
    const registered = people.filter((p) => p.populationRegisteredFrom !== null);
    expect(registered.length / people.length).toBeGreaterThan(0.02);
    expect(registered.length / people.length).toBeLessThan(0.08);
    for (const p of registered) expect(p.populationRegisteredFrom! <= today).toBe(true);
  });

  it('keeps F detained now, with the facility only on F', () => {
    const detained = people.filter((p) => p.typeCode === 'F');
    for (const p of detained) {
      const starts = dates(p, 'detention-start');
      const ends = dates(p, 'detention-end');
      expect(ends.every((end) => end < starts.at(-1)!), p.dossierNumber).toBe(true);
      expect(p.detentionFacility).not.toBeNull();
    }
    expect(detained.some((p) => dates(p, 'detention-start').length === 2)).toBe(true);
    expect(new Set(detained.map((p) => p.detentionFacility))).toEqual(new Set(['forvar', 'kriminalvard', 'polisarrest']));
    expect(people.filter((p) => p.typeCode !== 'F').every((p) => p.detentionFacility === null)).toBe(true);
  });

  it('gives A a new asylum application now and then, and past detentions', () => {
    const a = people.filter((p) => p.typeCode === 'A');
    expect(a.filter((p) => dates(p, 'asylum-application').length === 2).length / a.length).toBeCloseTo(0.1, 1);
    expect(a.some((p) => dates(p, 'detention-end').length === 1)).toBe(true);
  });

  it('covers all three mass-flight cases around the LMA change', () => {
    const m = people.filter((p) => p.typeCode === 'M');
    const appliedAfter = m.filter((p) => dates(p, 'temporary-protection-application')[0]! >= LMA_CHANGE);
    const grantedBefore = m.filter((p) => (dates(p, 'temporary-protection-granted')[0] ?? '9999') < LMA_CHANGE);
    const waitedPast = m.filter((p) => dates(p, 'temporary-protection-application')[0]! < LMA_CHANGE
      && (dates(p, 'temporary-protection-granted')[0] ?? '9999') >= LMA_CHANGE);
    for (const group of [appliedAfter, grantedBefore, waitedPast]) expect(group.length).toBeGreaterThan(m.length / 10);
    expect(waitedPast.some((p) => dates(p, 'temporary-protection-granted').length === 0)).toBe(true);
  });

  it('dates nothing after today or before birth, and lists some events out of order', () => {
    for (const p of people) {
      for (const e of p.events) expect(e.date >= p.birthDate && e.date <= today, p.dossierNumber).toBe(true);
    }
    expect(people.filter((p) => p.typeCode === 'AB').every((p) => p.birthDate > '2008-06-15')).toBe(true);
    expect(people.some((p) => p.events.some((e, i) => i > 0 && e.date < p.events[i - 1]!.date))).toBe(true);
  });

  it('puts everyone in the one region asked for', () => {
    const stockholm = [...generatePeople({ seed: 1, perRegion: 500, regions: ['232100-0016'], today })];
    expect(stockholm).toHaveLength(500);
    expect(stockholm.every((p) => p.regionOrgNumber === '232100-0016' && p.dossierNumber.startsWith('01-'))).toBe(true);
    expect(() => generatePeople({ seed: 1, regions: ['556677-8899'], today })).toThrow(/unknown demo region/);
  });

  it('has the SPEC §7 identities, with the private care provider only on the login page', () => {
    expect(DEMO_USERS.map((u) => u.hsaId)).not.toContain('SE5566778899-USR1');
    expect(DEMO_IDENTITIES).toHaveLength(13);
    const orgs = new Set(DEMO_ORGANISATIONS.map((o) => o.orgNumber));
    for (const u of DEMO_USERS) {
      expect(orgs.has(u.orgNumber)).toBe(true);
      expect(u.hsaId.slice(2, 12)).toBe(u.orgNumber.replace('-', ''));
    }
    const byId = Object.fromEntries(DEMO_USERS.map((u) => [u.hsaId, u]));
    expect(byId['SE2321000016-USR2']!.permissions).toEqual(['Se asylsökande m.fl. i länet', 'Rapportera hälsoundersökning']);
    expect(byId['SE2321000131-USR1']!.permissions).toHaveLength(4);
    expect(byId['SE2321000016-ADM1']).toMatchObject({ role: 'admin', permissions: [] });
  });

  it('has the SPEC-KOMMUNER §10 kommuner, their avtal and identities', () => {
    const kommuner = DEMO_ORGANISATIONS.filter((o) => o.kind === 'kommun');
    expect(kommuner.map((k) => [k.orgNumber, k.name, k.agreements])).toEqual([
      ['212000-0142', 'Stockholms kommun', ['Se och ändra ansvar för ensamkommande', 'Ansök om statlig ersättning']],
      ['212000-1355', 'Göteborgs kommun', ['Se och ändra ansvar för ensamkommande', 'Ansök om statlig ersättning']],
      ['212000-1124', 'Malmö kommun', ['Ansök om statlig ersättning']],
    ]);
    const byId = Object.fromEntries(DEMO_USERS.map((u) => [u.hsaId, u]));
    expect(byId['SE2120000142-ADM1']).toMatchObject({ givenName: 'Karl', familyName: 'Kommunadmin', role: 'admin', permissions: [] });
    expect(byId['SE2120000142-HLG1']).toMatchObject({ role: 'user', permissions: ['Administrera barn utan vårdnadshavare'], compensationTypes: 'in-force' });
    expect(byId['SE2120000142-HLG2']).toMatchObject({ role: 'user', permissions: [], compensationTypes: 'school' });
    expect(byId['SE2120001355-HLG1']).toMatchObject({ orgNumber: '212000-1355', compensationTypes: 'in-force' });
    expect(byId['SE2120001124-HLG1']).toMatchObject({ orgNumber: '212000-1124', permissions: [], compensationTypes: 'in-force' });
    const cards = DEMO_IDENTITIES.filter((i) => i.orgNumber.startsWith('212000-'));
    expect(cards.map((c) => c.description)).toContain('Administratör, Stockholms kommun');
  });
});
