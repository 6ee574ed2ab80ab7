import { describe, expect, it } from 'vitest';
import { CreateUserSchema, fieldErrors, NewPasswordSchema, SignInSchema, UpdateUserSchema } from '@/lib/domain/schemas/accounts';

describe('password policy (NIST 800-63B: length, not composition)', () => {
  it('accepts a 12-character password and a long passphrase', () => {
    expect(NewPasswordSchema.safeParse('kx7-Pq2!mZ9w').success).toBe(true);
    expect(NewPasswordSchema.safeParse('the quick brown fox jumps over the lazy clinic dog '.repeat(3)).success).toBe(true);
  });

  it('refuses short, over-long, common and single-character passwords with a reason', () => {
    const short = NewPasswordSchema.safeParse('short pass');
    expect(short.success).toBe(false);
    expect(short.error?.issues[0]?.message).toMatch(/at least 12/);
    expect(NewPasswordSchema.safeParse('x'.repeat(257)).success).toBe(false);
    expect(NewPasswordSchema.safeParse('Password1234').error?.issues[0]?.message).toMatch(/too common/);
    expect(NewPasswordSchema.safeParse('aaaaaaaaaaaaaaaa').error?.issues[0]?.message).toMatch(/different characters/);
  });
});

describe('account commands', () => {
  it('normalises the e-mail and reports every bad field by name', () => {
    const ok = CreateUserSchema.safeParse({ email: '  Dr.Who@Clinic.ORG ', name: ' Dr Who ', role: 'CLINICIAN', password: 'a long enough passphrase' });
    expect(ok.success && ok.data.email).toBe('dr.who@clinic.org');
    expect(ok.success && ok.data.name).toBe('Dr Who');

    const bad = CreateUserSchema.safeParse({ email: 'not-an-email', name: '', role: 'ROOT', password: 'short' });
    expect(bad.success).toBe(false);
    const fields = fieldErrors(bad.error!);
    expect(Object.keys(fields).sort()).toEqual(['email', 'name', 'password', 'role']);
    expect(fields.email?.[0]).toMatch(/valid e-mail/);
  });

  it('rejects unknown fields and empty updates', () => {
    expect(UpdateUserSchema.safeParse({ passwordHash: 'x' }).success).toBe(false);
    expect(UpdateUserSchema.safeParse({}).success).toBe(false);
    expect(UpdateUserSchema.safeParse({ disabled: 'yes' }).success).toBe(false);
    expect(UpdateUserSchema.safeParse({ disabled: true }).success).toBe(true);
  });

  it('requires both sign-in fields', () => {
    const result = SignInSchema.safeParse({ email: '', password: '' });
    expect(result.success).toBe(false);
    expect(Object.keys(fieldErrors(result.error!)).sort()).toEqual(['email', 'password']);
  });
});
