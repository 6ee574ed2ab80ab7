/**
 * The audit log in words (issue 14, "an audit log with columns, human summaries"): what an event's action means to
 * an admin reading the log, and its details as "key: value" pairs. Pure; the stored event is unchanged.
 */
const FIXED: Record<string, string> = {
  'auth.sign-in': 'Signed in',
  'auth.sign-in.failed': 'Sign-in failed',
  'auth.sign-in.refused-locked': 'Sign-in refused: the account is locked',
  'auth.lockout': 'Account locked after repeated failed sign-ins',
  'auth.sign-out': 'Signed out',
  'report.create': 'Built a report',
  'report.view': 'Viewed a report',
  'report.print': 'Downloaded a report PDF',
  'report.rerun': 'Re-ran a report on the current evidence',
  'api-token.create': 'Created an API token',
  'api-token.revoke': 'Revoked an API token',
  'account.create': 'Created an account',
  'cds-client.create': 'Registered a CDS Hooks client',
  'cds-client.fhir-servers': "Changed a CDS client's FHIR servers",
  'cds-draft.open': "Opened a CDS card's patient draft",
  'smart.launch': 'Launched from the EHR (SMART)',
};

const VERBS: Record<string, string> = { create: 'Created', update: 'Updated', publish: 'Published', retract: 'Retracted', unpublish: 'Unpublished', delete: 'Deleted', import: 'Imported', export: 'Exported', disable: 'Disabled', enable: 'Enabled', revoke: 'Revoked' };

const capitalise = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** One line for an event's action, e.g. "evidence.trial.update" → "Updated a trial entry". */
export function describeAuditAction(action: string): string {
  const fixed = FIXED[action];
  if (fixed) return fixed;
  const evidence = /^evidence\.(\w+)\.(\w+)$/.exec(action);
  if (evidence) return `${VERBS[evidence[2]!] ?? capitalise(evidence[2]!)} a${/^[aeiou]/.test(evidence[1]!) ? 'n' : ''} ${evidence[1]} entry`;
  const feedback = /^cds\.feedback\.(\w+)$/.exec(action);
  if (feedback) return `A CDS card was ${feedback[1]} in the EHR`;
  const generic = /^([\w-]+)\.(\w+)$/.exec(action);
  if (generic && VERBS[generic[2]!]) return `${VERBS[generic[2]!]} ${generic[1]!.replace(/-/g, ' ')}`;
  return capitalise(action.replace(/[.-]/g, ' '));
}

function valueWords(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value.length > 80 ? `${value.slice(0, 79)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.slice(0, 5).map(valueWords).join(', ') + (value.length > 5 ? ` and ${value.length - 5} more` : '');
  return `${Object.keys(value).length} fields`;
}

/** The details as "key: value" pairs with readable keys ("entryVersion" → "entry version"). */
export function describeAuditDetails(details: unknown): string[] {
  if (!details || typeof details !== 'object' || Array.isArray(details)) return [];
  return Object.entries(details as Record<string, unknown>)
    .slice(0, 8)
    .map(([key, value]) => `${key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]/g, ' ').toLowerCase()}: ${valueWords(value)}`);
}
