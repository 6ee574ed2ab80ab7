/**
 * The CDS Hooks 2.0 services this app offers (discovery, https://cds-hooks.hl7.org/2.0/#discovery). Each names its
 * prefetch templates: the EHR sends those FHIR resources with the call, since fetching from the EHR's FHIR server
 * (fhirAuthorization) is not done here — a call without the required prefetch gets 412.
 */
export type CdsServiceId = 'k2-patient-view' | 'k2-order-select';
export type CdsService = { id: CdsServiceId; hook: 'patient-view' | 'order-select'; title: string; description: string; prefetch: Record<string, string>; usageRequirements?: string };

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
    usageRequirements: 'Send the prefetch; the "patient" prefetch is required.',
  },
  {
    id: 'k2-order-select',
    hook: 'order-select',
    title: 'Vitamin K in a draft order',
    description: 'When a draft MedicationRequest or NutritionOrder contains vitamin K (K2, menaquinone, MK-7, MK-4, K1), warns about vitamin K antagonists and other findings.',
    prefetch: PREFETCH,
    usageRequirements: 'Send the prefetch; the "patient" prefetch is required.',
  },
];

/** Goals assumed for a hook call (FHIR carries none): general for a chart view; cardiovascular and bone, the usual reasons to order K2, for order-select. */
export const DEFAULT_GOALS: Record<CdsServiceId, Array<'general' | 'cardiovascular' | 'bone'>> = {
  'k2-patient-view': ['general'],
  'k2-order-select': ['cardiovascular', 'bone'],
};

export function findService(id: string): CdsService | undefined {
  return CDS_SERVICES.find((s) => s.id === id);
}
