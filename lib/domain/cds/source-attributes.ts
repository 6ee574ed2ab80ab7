/**
 * Decision-support transparency (issue 12, item 6): the source attributes of each CDS Hooks service, as the ONC HTI-1
 * final rule lists them for decision support interventions — 45 CFR 170.315(b)(11)(iv), "Source attributes"
 * (89 FR 1192, January 9, 2024). Each service here is an **evidence-based DSI** (curated rules over cited evidence,
 * no model trained on data), so the list that applies is paragraph (b)(11)(iv)(A)(1)–(13); the predictive-DSI list
 * of (b)(11)(iv)(B) does not apply, but its plain-language items that make sense for a rule-based intervention
 * (intended use, users, cautioned out-of-scope uses and known limits, validation) are given too.
 *
 * Pure data, the wording reviewed like any other clinical text: the public page /decision-support/{id}
 * (app/(public)/decision-support/[id]/page.tsx) only renders it, together with the counts of the published evidence
 * (evidenceSummary below, from the server's evidence snapshot). Discovery (services.ts → discoveryService) and every
 * card (cards.ts) link to that page.
 */
import type { VerificationStatus } from '../evidence/schemas';
import { VERIFICATION_STATUSES } from '../evidence/schemas';
import type { EvidenceSnapshot } from '../report/types';
import type { CdsService, CdsServiceId } from './services';

/** The rule and section the page follows. */
export const HTI1_RULE = {
  name: 'ONC HTI-1 final rule (Health Data, Technology, and Interoperability: Certification Program Updates, Algorithm Transparency, and Information Sharing)',
  citation: '45 CFR 170.315(b)(11)(iv)(A)',
  criterion: '45 CFR 170.315(b)(11) Decision support interventions',
  federalRegister: '89 FR 1192 (January 9, 2024)',
  url: 'https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-D/part-170/subpart-C/section-170.315',
} as const;

/** The public page of a service's source attributes (a path; no sign-in, like discovery). */
export function sourceAttributesPath(id: CdsServiceId): string {
  return `/decision-support/${id}`;
}
/** Its absolute URL, for discovery and the cards' links (CDS Hooks 2.0 § Link: url is absolute). */
export function sourceAttributesUrl(appUrl: string, id: CdsServiceId): string {
  return `${appUrl.replace(/\/+$/, '')}${sourceAttributesPath(id)}`;
}
/** The card link's label (CDS Hooks 2.0 § Link, type "absolute"). */
export const ABOUT_LINK_LABEL = 'About this decision support';

/**
 * The discovery `extension` key. CDS Hooks 2.0 § Extensions reserves the name `extension` for implementation data (a
 * JSON object; keys SHOULD be globally unique, e.g. reverse-domain names). The product has no domain of its own, so
 * the key is prefixed with its name.
 */
export const DISCOVERY_EXTENSION_KEY = 'k2-evidence-desk.hti-1-source-attributes';

/**
 * A service as discovery lists it: the spec's fields, the page's URL at the end of the description (what a person
 * configuring the EHR reads), and the same URL in the `extension` object (what a program reads).
 */
export function discoveryService(service: CdsService, appUrl: string): CdsService & { extension: Record<string, { url: string; regulation: string }> } {
  const url = sourceAttributesUrl(appUrl, service.id);
  return {
    ...service,
    description: `${service.description} Source attributes (ONC HTI-1, ${HTI1_RULE.citation}): ${url}`,
    extension: { [DISCOVERY_EXTENSION_KEY]: { url, regulation: HTI1_RULE.citation } },
  };
}

export type AttributeRow = {
  /** The paragraph of 45 CFR 170.315(b)(11)(iv)(A). */
  paragraph: string;
  /** The attribute as the rule names it. */
  attribute: string;
  /** The answer for this intervention. */
  value: string;
};

export type ServiceAttributes = {
  /** What the intervention is for, in one paragraph. */
  intendedUse: string;
  /** When the EHR calls it (the hook) and when it answers with cards. */
  firesWhen: string;
  /** What its cards say, for this service. */
  output: string[];
};

export const DEVELOPER = 'K2 Evidence Desk project (the maintainers of this application). Each installation is run by the organisation that deploys it; that organisation is responsible for enabling the service in its EHR.';
export const FUNDING = 'No funding source is declared for the development or technical implementation of this intervention; no sponsor, manufacturer or supplement seller funded it. An organisation that deploys it states its own funding here.';

export const INTENDED_USERS = 'Clinicians who prescribe, order or advise on vitamin K2 supplements — physicians, nurse practitioners, pharmacists and dietitians — inside the EHR. Not intended for patients directly; the patient handout is printed by the clinician from the full report.';
export const INTENDED_POPULATION = 'Adults and children whose record is open in the EHR. Findings for children and teenagers use the age from the record; pregnancy and breastfeeding are not read from the record and are asked in the full report.';
export const DECISION_ROLE = 'Informs: the cards inform the clinician’s decision, never replace it. Nothing is ordered, changed or cancelled without the clinician (no systemActions); a suggestion to remove a vitamin K order is applied only when the clinician accepts it, and can be overridden with a reason.';

export const SERVICE_ATTRIBUTES: Record<CdsServiceId, ServiceAttributes> = {
  'k2-patient-view': {
    intendedUse: 'Shows the vitamin K2 supplement safety findings for the patient whose chart is opened — above all a vitamin K antagonist (warfarin and others) that vitamin K counteracts — with a link to the full evidence report for this patient.',
    firesWhen: 'Hook patient-view: the EHR calls it when a clinician opens a patient’s record. It always answers: the safety findings, or the report’s headline when there are none.',
    output: [
      'One card per safety finding, with the finding’s own severity, except that a vitamin K antagonist is a warning here (nothing is being ordered).',
      'A warning card when the medication list or other data could not be read (a missing or failed prefetch): medicines are then not checked, and no dose is suggested.',
      'A last info card with the report’s headline and bottom line.',
    ],
  },
  'k2-order-select': {
    intendedUse: 'Warns when a draft order selected by the clinician contains vitamin K (K1/phytonadione, K2/menaquinone MK-4 or MK-7, multivitamins with vitamin K) and the patient takes a vitamin K antagonist or has another finding that matters for vitamin K.',
    firesWhen: 'Hook order-select: the EHR calls it when the clinician selects orders on the order-entry screen. It answers only when a selected MedicationRequest or NutritionOrder draft contains vitamin K (found by RxNorm code or by name); otherwise it answers with no cards.',
    output: [
      'A critical card when the patient takes a vitamin K antagonist (or a medicine name that may be one could not be confirmed), with one suggestion that removes the vitamin K orders (one delete action per order) and override reasons.',
      'One card per other safety finding, with its own severity.',
      'A warning card when the medication list or other data could not be read: a vitamin K antagonist is then not ruled out.',
      'A last info card with the report’s headline and bottom line.',
    ],
  },
  'k2-order-sign': {
    intendedUse: 'The same check as order-select at the moment an order is signed, where EHRs enforce critical alerts: warns when an order about to be signed contains vitamin K and the patient takes a vitamin K antagonist or has another finding that matters for vitamin K.',
    firesWhen: 'Hook order-sign: the EHR calls it when the clinician signs orders. It answers only when a draft MedicationRequest or NutritionOrder being signed contains vitamin K (found by RxNorm code or by name); otherwise it answers with no cards.',
    output: [
      'A critical card when the patient takes a vitamin K antagonist (or a medicine name that may be one could not be confirmed), with one suggestion that removes the vitamin K orders (one delete action per order) and override reasons.',
      'One card per other safety finding, with its own severity.',
      'A warning card when the medication list or other data could not be read: a vitamin K antagonist is then not ruled out.',
      'A last info card with the report’s headline and bottom line.',
    ],
  },
};

/** Every card, whatever the service. */
export const EVERY_CARD = [
  'Every card links (absolute URL) to the full evidence report for this patient — the New report form pre-filled, where the clinician checks and completes what the record gave — and to this page.',
  'Each card’s source names the evidence it rests on (a trial, guideline or fact sheet, with its link), or the application when a card rests on no single source.',
  'Severities: critical (act before signing), warning (check before any vitamin K advice), info (for reading).',
];

/** What the service reads: each prefetch key of discovery (services.ts), the FHIR query, and how it is used. */
export const INPUTS: Array<{ key: string; resource: string; mapping: string }> = [
  { key: 'patient', resource: 'Patient', mapping: 'birthDate → age on the day of the call; gender → sex (female, male; other and unknown as “other”, with a note). Required: without it the call gets 412, unless the EHR gives FHIR server access.' },
  { key: 'medications', resource: 'MedicationRequest (active)', mapping: 'Each medicine’s RxNorm code, ATC code and text, matched against the curated medication vocabulary (exact name, brand, code, class code, or a near miss that is flagged, never trusted).' },
  { key: 'statements', resource: 'MedicationStatement (active)', mapping: 'As medications: what the patient reports taking, supplements included.' },
  { key: 'conditions', resource: 'Condition (active)', mapping: 'SNOMED CT and ICD-10(-CM) codes → the report’s conditions (kidney disease and its stage, dialysis, bleeding and liver disorders, fat malabsorption, osteoporosis and others); refuted or inactive conditions are left out.' },
  { key: 'vitaminD', resource: 'Observation (LOINC 62292-8, 1989-3, 14635-7), the latest', mapping: '25(OH)D level in ng/mL, µg/L or nmol/L → vitamin D status.' },
  { key: 'context.draftOrders', resource: 'MedicationRequest, NutritionOrder (order-select, order-sign)', mapping: 'Vitamin K found by RxNorm code (a value set with its sources) or by name (K2, menaquinone, MK-7, MK-4, K1, phytonadione …), in the order, its contained Medication or a NutritionOrder supplement.' },
];

/**
 * 45 CFR 170.315(b)(11)(iv)(A)(1)–(13), in the rule's order. The demographic and social items (5)–(13) ask whether
 * each is used as an expressed input.
 */
export function evidenceBasedAttributes(rulesetVersion: string, evidenceVersion: string): AttributeRow[] {
  const no = 'Not used as an input.';
  return [
    { paragraph: '(A)(1)', attribute: 'Bibliographic citation of the intervention (clinical research or guideline)', value: 'The curated trials, guidelines, fact sheets and drug labels listed under “Evidence sources” below, each cited on the card it supports; the rules and the source of each are under “Decision rules”.' },
    { paragraph: '(A)(2)', attribute: 'Developer of the intervention (translation from clinical research or guideline)', value: DEVELOPER },
    { paragraph: '(A)(3)', attribute: 'Funding source of the intervention development technical implementation', value: FUNDING },
    { paragraph: '(A)(4)', attribute: 'Release and, if applicable, revision dates of the intervention or reference source', value: `Rules version ${rulesetVersion} (named by year and month of the last change to a rule); published evidence version ${evidenceVersion}. See “Version” below.` },
    { paragraph: '(A)(5)', attribute: 'Use of race as an expressed input or not', value: no },
    { paragraph: '(A)(6)', attribute: 'Use of ethnicity as an expressed input or not', value: no },
    { paragraph: '(A)(7)', attribute: 'Use of language as an expressed input or not', value: no },
    { paragraph: '(A)(8)', attribute: 'Use of sexual orientation as an expressed input or not', value: no },
    { paragraph: '(A)(9)', attribute: 'Use of gender identity as an expressed input or not', value: no },
    { paragraph: '(A)(10)', attribute: 'Use of sex as an expressed input or not', value: 'Used: Patient.gender, for the vitamin K adequate intake, which differs by sex (90 mcg/day women, 120 mcg/day men). FHIR “other” and “unknown” are read as other, with a note to check; without a Patient gender a neutral adult is assumed.' },
    { paragraph: '(A)(11)', attribute: 'Use of date of birth as an expressed input or not', value: 'Used: Patient.birthDate, as the age on the day of the call, for the findings for children and teenagers. Without it a neutral adult is assumed, and the full report (the card’s link) asks for the age.' },
    { paragraph: '(A)(12)', attribute: 'Use of social determinants of health data as an expressed input or not', value: no },
    { paragraph: '(A)(13)', attribute: 'Use of health status assessments data as an expressed input or not', value: 'Not used as an input (no questionnaire or functional assessment). Laboratory results used: 25(OH)D only; an INR is noted, not used.' },
  ];
}

/** Known limits and cautioned uses (the out-of-scope uses a user should know about). */
export const KNOWN_LIMITS: string[] = [
  'Medicines are recognised only against the curated medication vocabulary (ingredients, salts and spellings, brands by country, RxNorm and ATC codes). A medicine outside it is not “no interaction”: it is named on a warning card as not checked, and no dose is suggested.',
  'A near miss of a curated name (a misspelling such as “Jantovan”) or a combination product with an unknown part is flagged as unconfirmed, never resolved to the guess: confirm the medicine first. A near miss of a vitamin K antagonist is a critical card on the order hooks.',
  'No dosing advice is given while any medicine is unconfirmed or not checked, and none for a patient on a vitamin K antagonist beyond keeping vitamin K intake steady with INR monitoring.',
  'Vitamin K orders are found by RxNorm code only for phytonadione and multivitamin products with a public source for their code: no RxNorm codes for menaquinone (MK-4, MK-7) or K2 supplements were found, so those orders are found by their text only. An order with neither a known code nor any name cannot be checked: for a patient who takes, or may take, a vitamin K antagonist it gets a warning card naming the order, never silence.',
  'A medication list or other prefetch that is missing or failed (an OperationOutcome) is never read as “no medications”: the card says what could not be checked. A missing prefetch is fetched from the EHR’s FHIR server only when the call carries fhirServer and fhirAuthorization and that base URL is registered for the client; a failed fetch is a card too.',
  'Conditions are recognised by exact SNOMED CT concepts and ICD-10(-CM) code prefixes from the report’s code tables; other codes are left out (listed as ignored in the full report).',
  'Goals are not in the record: the service assumes general goals for patient-view and cardiovascular and bone goals for the order hooks. Diet is unknown until the clinician answers it in the full report.',
  'Not for emergencies, for deciding anticoagulant doses, or as a substitute for INR monitoring. The evidence on vitamin K2 for bone and cardiovascular outcomes rests largely on surrogate markers; the full report says so per goal.',
];

/** How it was validated: the test suites, by file. */
export const VALIDATION: Array<{ file: string; what: string }> = [
  { file: 'tests/unit/cds-conformance.test.ts', what: 'Conformance with the published CDS Hooks 2.0 text: the specification’s own example requests and responses, each cited by section, and every card checked field by field against the card, suggestion, action, link and source tables.' },
  { file: 'tests/unit/cds-cards.test.ts', what: 'The cards per hook: severities, the critical card’s suggestion and override reasons, valid absolute links.' },
  { file: 'tests/unit/cds-source-attributes.test.ts', what: 'Every card links to this page, and discovery links each service to its page.' },
  { file: 'tests/e2e/cds-hooks.test.ts', what: 'The running service over HTTP: signed JWTs (ES384, RS384), warfarin with a vitamin K order by name and by RxNorm code → critical card, an OperationOutcome prefetch → warning card, refused tokens → 401.' },
  { file: 'tests/e2e/fuzz-cds.test.ts', what: 'Generated hook calls (fuzzing) to all three services: valid cards, 400 or 412, never a server error, and no patient data in links.' },
  { file: 'tests/unit/report-scenarios.test.ts', what: 'Public clinical scenarios (warfarin with natto, apixaban, pregnancy, osteopenia, strength training) through the report engine the cards are made from.' },
  { file: 'tests/unit/report-fail-safe.test.ts', what: 'The fail-safe rule in every place a report speaks, both hooks’ cards included: an unrecognised or unconfirmed medicine never gets reassurance or a dose.' },
  { file: 'tests/unit/medication-fuzzy-property.test.ts', what: 'Property test: every string within edit distance 2 of a vitamin K antagonist name is flagged, never passed as safe.' },
  { file: 'tests/unit/medication-strings.test.ts', what: 'More than 250 real-world medication strings (brands, salts, doses, combinations, misspellings) and what each must match.' },
  { file: 'tests/unit/report-safety.test.ts', what: 'Each safety rule: when it fires, its severity and its citations.' },
  { file: 'tests/e2e/decision-support.test.ts', what: 'This page answers without sign-in for each service, with every attribute heading.' },
];

export type EvidenceCount = { kind: 'trials' | 'sources' | 'interactions' | 'claims' | 'medications'; label: string; total: number; byStatus: Record<VerificationStatus, number> };

/** The published evidence the cards rest on, counted by kind and verification status (pure: from a snapshot). */
export function evidenceSummary(snapshot: EvidenceSnapshot): EvidenceCount[] {
  const kinds: Array<[EvidenceCount['kind'], string, Array<{ verification: { status: VerificationStatus } }>]> = [
    ['trials', 'Trials', snapshot.trials],
    ['sources', 'Other sources (guidelines, fact sheets, labels, reviews)', snapshot.sources],
    ['interactions', 'Interaction entries', snapshot.interactions],
    ['claims', 'Claims checked', snapshot.claims],
    ['medications', 'Medication vocabulary entries', snapshot.medications ?? []],
  ];
  return kinds.map(([kind, label, entries]) => {
    const byStatus = Object.fromEntries(VERIFICATION_STATUSES.map((s) => [s, 0])) as Record<VerificationStatus, number>;
    for (const e of entries) byStatus[e.verification.status] += 1;
    return { kind, label, total: entries.length, byStatus };
  });
}

/** The verification statuses, as the page explains them. */
export const VERIFICATION_WORDS: Record<VerificationStatus, string> = {
  verified: 'Verified: checked against the publication or record it cites',
  'from-source-document-only': 'From the source document only: taken from the source document, not confirmed elsewhere',
  unverified: 'Unverified: not yet checked (marked so wherever it is cited)',
};
