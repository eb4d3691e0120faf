import { describe, expect, it } from 'vitest';
import { hsaIdOrgDigits, normaliseOrgNumber, safeReturnTo } from '../../web/auth/oidc.js';
import { maskPersonalNumbers } from '../../web/access-log.js';
import { allows, joinPath } from '../../web/routes.js';
import type { SessionUser } from '../../web/deps.js';

const user = (role: SessionUser['role'], permissions: string[] = []): SessionUser => ({
  id: '1', hsaId: 'SE2321000016-X', givenName: 'A', familyName: 'B', orgNumber: '232100-0016', orgName: 'Region Stockholm', orgKind: 'region', role, permissions,
  services: role === 'admin' || permissions.length ? ['E-tjänst för landsting'] : [],
});

describe('SITHS identity rules', () => {
  it('reads the organisation number out of an HSA-id', () => {
    expect(hsaIdOrgDigits('SE2321000016-USR1')).toBe('2321000016');
    expect(hsaIdOrgDigits('SE5566778899-USR1')).toBe('5566778899');
    expect(hsaIdOrgDigits('2321000016-USR1')).toBeNull();
    expect(hsaIdOrgDigits('SE232100001-USR1')).toBeNull();
    expect(hsaIdOrgDigits('SE2321000016-')).toBeNull();
  });

  it('normalises the organisation-number claim in any usual form', () => {
    for (const v of ['2321000016', '232100-0016', 'SE2321000016', '162321000016', 2321000016]) expect(normaliseOrgNumber(v)).toBe('2321000016');
    for (const v of ['', '23210000', null, undefined, {}, '172321000016']) expect(normaliseOrgNumber(v)).toBeNull();
  });

  it('returns only to same-site paths after login', () => {
    const known = (path: string) => path === '/lista';
    expect(safeReturnTo('/lista?sok=a', known)).toBe('/lista?sok=a');
    for (const v of [undefined, '', 'https://evil.example', '//evil.example', '/\\evil.example', '/auth/login']) expect(safeReturnTo(v, known)).toBe('/');
  });
});

describe('permissions', () => {
  it('admits region users by permission, staff by role, and never an administrator to user functions', () => {
    expect(allows(null, 'public')).toBe(true);
    expect(allows(null, 'authenticated')).toBe(false);
    expect(allows(user('user', ['Se asylsökande m.fl. i länet']), 'Se asylsökande m.fl. i länet')).toBe(true);
    expect(allows(user('user', ['Se asylsökande m.fl. i länet']), 'Rapportera hälsoundersökning')).toBe(false);
    expect(allows(user('admin', ['Se asylsökande m.fl. i länet']), 'Se asylsökande m.fl. i länet')).toBe(false);
    expect(allows(user('admin'), 'admin')).toBe(true);
    expect(allows(user('officer'), 'sysadmin')).toBe(false);
    expect(allows(user('officer'), ['sysadmin', 'officer'])).toBe(true);
  });

  it('joins feature prefixes and paths as Hono mounts them', () => {
    expect(joinPath('/', '/')).toBe('/');
    expect(joinPath('/lista', '/')).toBe('/lista');
    expect(joinPath('/lista', '/:dossier')).toBe('/lista/:dossier');
    expect(joinPath('/', '/lista')).toBe('/lista');
  });
});

describe('the access log', () => {
  it('masks personal identity numbers but keeps dossier and organisation numbers and dates', () => {
    expect(maskPersonalNumbers({ q: 'sök 19910417-1234 och 910417-1234', d: '12-345678', o: '232100-0016', b: '1991-04-17' })).toEqual({
      q: 'sök [personnummer borttaget] och [personnummer borttaget]', d: '12-345678', o: '232100-0016', b: '1991-04-17',
    });
  });
});
