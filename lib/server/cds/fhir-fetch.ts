import 'server-only';
import type { HookRequest } from '@/lib/domain/cds/request';
import type { CdsService } from '@/lib/domain/cds/services';

export type MissingPrefetchInput = {
  service: CdsService;
  /** The call's fhirServer and fhirAuthorization (both present: CDS Hooks 2.0 § FHIR Resource Access). */
  fhirServer: string;
  fhirAuthorization: NonNullable<HookRequest['fhirAuthorization']>;
  /** The hook context, for the prefetch tokens ({{context.patientId}}). */
  context: HookRequest['context'];
  /** The prefetch keys of the service's templates that the call did not carry. */
  missing: string[];
};

/**
 * Where fetching from the EHR's FHIR server plugs in (issue 12, item 2 — not built yet): for each missing prefetch
 * key, run the service's template against `fhirServer` with the bearer token of `fhirAuthorization` and return what
 * came back, by key. That work must keep to a FHIR base URL registered for the calling client (no request to any
 * other host), with timeouts and a size cap, and return an OperationOutcome for a key whose fetch failed.
 *
 * Today it fetches nothing and makes no request: every missing key stays missing, and the cards say what could not
 * be checked (lib/domain/cds/cards.ts) instead of a 412 — never "no medications". The token is never logged.
 */
export function fetchMissingPrefetch(input: MissingPrefetchInput): Promise<Record<string, unknown>> {
  void input;
  return Promise.resolve({});
}
