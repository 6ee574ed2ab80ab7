/**
 * The CDS Hooks 2.0 services this app offers (discovery, https://cds-hooks.hl7.org/2.0/#discovery). Each names its
 * prefetch templates: the EHR sends those FHIR resources with the call, or gives fhirServer + fhirAuthorization and
 * the service fetches what is missing from a FHIR base URL registered for the client (lib/server/cds/fhir-fetch.ts;
 * tokens filled by fhir-servers.ts): a call without the patient prefetch and without FHIR access gets 412; any
 * prefetch that is missing or failed gives a card saying what could not be checked (cards.ts), never silence.
 */
export type CdsServiceId = 'k2-patient-view' | 'k2-order-select' | 'k2-order-sign';
export type CdsHook = 'patient-view' | 'order-select' | 'order-sign';
export type CdsService = { id: CdsServiceId; hook: CdsHook; title: string; description: string; prefetch: Record<string, string>; usageRequirements?: string };

/** The hooks whose context carries draft orders (context.draftOrders). */
export const isOrderHook = (id: CdsServiceId): boolean => id === 'k2-order-select' || id === 'k2-order-sign';

const PREFETCH = {
  patient: 'Patient/{{context.patientId}}',
  medications: 'MedicationRequest?patient={{context.patientId}}&status=active',
  statements: 'MedicationStatement?patient={{context.patientId}}&status=active',
  conditions: 'Condition?patient={{context.patientId}}&clinical-status=active',
  vitaminD: 'Observation?patient={{context.patientId}}&code=http://loinc.org|62292-8,http://loinc.org|1989-3,http://loinc.org|14635-7&_sort=-date&_count=1',
};

export const CDS_SERVICES: readonly CdsService[] = [
  {
    id: 'k2-patient-view',
    hook: 'patient-view',
    title: 'Vitamin K2 supplement safety',
    description: 'Safety findings on vitamin K2 supplementation for this patient (anticoagulants, kidney disease, vitamin D), with a link to the full evidence report.',
    prefetch: PREFETCH,
    usageRequirements: 'Send the prefetch (the "patient" prefetch is required), or fhirServer and fhirAuthorization with a FHIR base URL registered for your client.',
  },
  {
    id: 'k2-order-select',
    hook: 'order-select',
    title: 'Vitamin K in a draft order',
    description: 'When a selected draft MedicationRequest or NutritionOrder (found by RxNorm code or by name) contains vitamin K (K1/phytonadione, K2/menaquinone, MK-4, MK-7, multivitamins with K), warns about vitamin K antagonists (critical) and other findings.',
    prefetch: PREFETCH,
    usageRequirements: 'Send the prefetch (the "patient" prefetch is required), or fhirServer and fhirAuthorization with a FHIR base URL registered for your client.',
  },
  {
    id: 'k2-order-sign',
    hook: 'order-sign',
    title: 'Vitamin K in an order being signed',
    description: 'When an order about to be signed (MedicationRequest or NutritionOrder, found by RxNorm code or by name) contains vitamin K (K1/phytonadione, K2/menaquinone, MK-4, MK-7, multivitamins with K), warns about vitamin K antagonists (critical) and other findings.',
    prefetch: PREFETCH,
    usageRequirements: 'Send the prefetch (the "patient" prefetch is required), or fhirServer and fhirAuthorization with a FHIR base URL registered for your client.',
  },
];

/** Goals assumed for a hook call (FHIR carries none): general for a chart view; cardiovascular and bone, the usual reasons to order K2, for the order hooks. */
export const DEFAULT_GOALS: Record<CdsServiceId, Array<'general' | 'cardiovascular' | 'bone'>> = {
  'k2-patient-view': ['general'],
  'k2-order-select': ['cardiovascular', 'bone'],
  'k2-order-sign': ['cardiovascular', 'bone'],
};

export function findService(id: string): CdsService | undefined {
  return CDS_SERVICES.find((s) => s.id === id);
}
