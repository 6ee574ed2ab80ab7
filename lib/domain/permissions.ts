/**
 * Who may do what: the one permission table of the app (SPEC "Roles"). Deny by default: an action missing from a
 * role's list is refused, and an unknown role gets nothing.
 */
export const ROLES = ['CLINICIAN', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  'report:create',
  'report:read-own',
  'token:manage-own',
  'evidence:read',
  'evidence:curate',
  'evidence:publish',
  'account:manage',
  'audit:read',
  'cds:manage',
] as const;
export type Action = (typeof ACTIONS)[number];

const CLINICIAN_ACTIONS = ['report:create', 'report:read-own', 'token:manage-own', 'evidence:read'] as const;

export const PERMISSIONS = {
  CLINICIAN: CLINICIAN_ACTIONS,
  ADMIN: [...CLINICIAN_ACTIONS, 'evidence:curate', 'evidence:publish', 'account:manage', 'audit:read', 'cds:manage'],
} as const satisfies Record<Role, readonly Action[]>;

export type Principal = { role: string; disabled?: boolean };

/** True when this user may perform the action. A disabled or missing user may do nothing. */
export function can(user: Principal | null | undefined, action: Action): boolean {
  if (!user || user.disabled) return false;
  if (!(ROLES as readonly string[]).includes(user.role)) return false;
  const allowed: readonly Action[] = PERMISSIONS[user.role as Role];
  return allowed.includes(action);
}
