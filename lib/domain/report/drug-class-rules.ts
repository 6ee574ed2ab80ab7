/**
 * Safety rules for the drug classes added by issue 13 ("Counselling to add: more drug classes"), as data: one rule per
 * code, each statement with its citations (content/sources.json). safety.ts evaluates them with the SPEC table.
 *
 * - bleeding-risk-supplement: nattokinase (a fibrinolytic enzyme from natto; Chen 2018 review, Chang 2008 case) and
 *   vitamin E (high doses might increase bleeding risk, also with anticoagulants and antiplatelets; NIH ODS). Not
 *   vitamin K interactions: bleeding risks of their own, added to any anticoagulant or antiplatelet drug — a warning
 *   with one, else info.
 * - enzyme-inducing-anticonvulsant: carbamazepine, phenytoin, fosphenytoin, phenobarbital, primidone. In pregnancy they
 *   lower the vitamin K-dependent factors in some newborns (Hey; AAN/AES 2009: bleeding risk not settled) — a
 *   warning; with a VKA they lower its effect through enzyme induction (warfarin label: CYP inducers) — a warning;
 *   otherwise info.
 * - tyrosine-kinase-inhibitor: imatinib (label: patients who need anticoagulation get heparin rather than warfarin)
 *   and dasatinib (label: antacids 2 hours apart, no H2 blockers or PPIs, bleeding-related events, anticoagulants and
 *   platelet inhibitors add to the risk). No vitamin K interaction is named in the label text read: a warning with an
 *   anticoagulant or antiplatelet drug, else info.
 * - vitamin-d-high-level: 25(OH)D above 50 ng/mL (125 nmol/L): "there may be reason for concern" (IOM 2011, p. 14)
 *   — a warning.
 */
import { NMOL_PER_NG, type PatientContext } from '../patient-context';
import { citationsInSnapshot, composeStatements, formatNumber, type Statement } from './cite';
import { describeMatch, plainMedicineName, type MedicationMatch, type MedicationScreening } from './medications';
import type { CitationId, EvidenceSnapshot, SafetyFinding, Severity } from './types';

type Input = { context: PatientContext; snapshot: EvidenceSnapshot; screening: MedicationScreening };
type Raised = Omit<SafetyFinding, 'code' | 'severity'> & { severity?: Severity };

export const DRUG_CLASS_SOURCES = {
  vitaminE: 'source:nih-ods-vitamin-e-quickfacts',
  nattokinaseCase: 'source:chang-2008-nattokinase-aspirin-haemorrhage',
  nattokinaseReview: 'source:chen-2018-nattokinase-review',
  natto: 'source:nih-ods-natto-mk7',
  warfarinLabel: 'source:warfarin-us-label',
  imatinibLabel: 'source:imatinib-us-label',
  dasatinibLabel: 'source:dasatinib-us-label',
  neonatalCoagulation: 'source:hey-1999-anticonvulsant-neonatal-coagulation',
  epilepsyPregnancyGuideline: 'source:harden-2009-aan-pregnancy-epilepsy',
  iom2011: 'source:iom-2011-calcium-vitamin-d',
} as const satisfies Record<string, CitationId>;
const S = DRUG_CLASS_SOURCES;

/** 25(OH)D above this (ng/mL; 125 nmol/L): "there may be reason for concern" (IOM 2011, p. 14). */
export const VITAMIN_D_HIGH_NG = 50;

const ANTITHROMBOTIC_CODES = new Set(['vka-interaction', 'doac-no-interaction', 'antiplatelet-no-interaction', 'heparin-no-interaction']);

const unique = <T>(list: T[]): T[] => [...new Set(list)];
const listNames = (names: string[]): string => (names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);
const capitalise = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
/** The medicine as the list names it ("Tegretol (carbamazepine)" for a brand of a one-ingredient entry, else the matched name). */
const nameOf = (m: MedicationMatch): string => plainMedicineName(m).replace(/\bvitamin ([a-z])\b/g, (_, l: string) => `vitamin ${l.toUpperCase()}`);
const namesOf = (matches: MedicationMatch[]): string => listNames(unique(matches.map(nameOf)));

/** The anticoagulant and antiplatelet medicines recognised in the list (any class). */
export function antithromboticMatches(screening: MedicationScreening): MedicationMatch[] {
  return screening.matches.filter((m) => ANTITHROMBOTIC_CODES.has(m.safetyCode));
}

const hasVka = (screening: MedicationScreening): boolean => screening.matches.some((m) => m.safetyCode === 'vka-interaction');

function finding(snapshot: EvidenceSnapshot, title: string, statements: Array<Statement | false>, triggeredBy: string[], severity: Severity): Raised {
  const { text, citations } = composeStatements(snapshot, statements);
  return { title, detail: text, triggeredBy, citations: citationsInSnapshot(snapshot, citations), severity };
}

export function bleedingRiskSupplementFindings({ snapshot, screening }: Input): Raised[] {
  const matches = screening.matches.filter((m) => m.safetyCode === 'bleeding-risk-supplement');
  if (matches.length === 0) return [];
  const natto = matches.filter((m) => m.interactionId === 'nattokinase');
  const vitE = matches.filter((m) => m.interactionId === 'vitamin-e');
  const antithrombotic = antithromboticMatches(screening);
  const withWhat = antithrombotic.length > 0 ? namesOf(antithrombotic) : '';
  const statements: Array<Statement | false> = [
    natto.length > 0 && {
      text: 'Nattokinase is an enzyme extracted from natto and sold as a supplement. It has fibrinolytic and antiplatelet actions and may add to bleeding risk; it is not a form of vitamin K.',
      cites: [S.nattokinaseReview, S.nattokinaseCase],
      essential: true,
    },
    natto.length > 0 && antithrombotic.length > 0 && {
      text: `With ${withWhat}, nattokinase is best avoided unless the prescriber agrees: it adds a fibrinolytic effect to the anticoagulant or antiplatelet drug, and a cerebellar haemorrhage was reported after 7 days of nattokinase with aspirin.`,
      cites: [S.nattokinaseCase],
      essential: true,
    },
    natto.length > 0 && {
      text: `Natto itself is very rich in vitamin K2 (about 850 mcg MK-7 per serving), so a nattokinase product may also contain K2 unless it is removed: check the label${hasVka(screening) ? ', which matters with the vitamin K antagonist' : ''}.`,
      cites: [S.natto],
      essential: hasVka(screening),
    },
    vitE.length > 0 && {
      text: 'Ask the vitamin E dose: the list may not give it. High doses of vitamin E might increase the risk of bleeding, including haemorrhagic stroke; the highest safe supplement intake for adults is 1,500 IU/day for natural forms and 1,100 IU/day for synthetic vitamin E.',
      cites: [S.vitaminE],
      essential: true,
    },
    vitE.length > 0 && antithrombotic.length > 0 && {
      text: `With ${withWhat}, vitamin E can increase the risk of bleeding: review the dose with the prescriber.`,
      cites: [S.vitaminE],
      essential: true,
    },
  ];
  const title = `${capitalise(namesOf(matches))}: ${antithrombotic.length > 0 ? `added bleeding risk with ${withWhat}` : 'a bleeding risk of its own (not a vitamin K interaction)'}`;
  return [finding(snapshot, title, statements, [...matches, ...antithrombotic].map(describeMatch), antithrombotic.length > 0 ? 'warning' : 'info')];
}

export function enzymeInducingAnticonvulsantFindings({ context, snapshot, screening }: Input): Raised[] {
  const matches = screening.matches.filter((m) => m.safetyCode === 'enzyme-inducing-anticonvulsant');
  if (matches.length === 0) return [];
  const names = namesOf(matches);
  const pregnant = context.pregnancy === 'pregnant';
  const vka = hasVka(screening);
  const statements: Array<Statement | false> = [
    {
      text: `${capitalise(names)} ${matches.length > 1 ? 'are anticonvulsants that induce' : 'is an anticonvulsant that induces'} liver enzymes; ${matches.length > 1 ? 'they are' : 'it is'} not a vitamin K antagonist. Vitamin K matters here for a pregnancy (the newborn) and for a vitamin K antagonist, not as a reason for K2.`,
      cites: [S.neonatalCoagulation, S.warfarinLabel],
      essential: true,
    },
    pregnant && {
      text: 'Taken in pregnancy, these anticonvulsants lower the vitamin K-dependent clotting factors in some newborns: in 137 babies of mothers on phenobarbitone, phenytoin or carbamazepine, a prolonged cord-blood prothrombin time was corrected within 2 hours by 1 mg of vitamin K. The AAN/AES practice parameter found the evidence inadequate to say whether these newborns have a substantially higher risk of bleeding. Plan the newborn\'s vitamin K at birth with the obstetric team; routine maternal vitamin K in late pregnancy was judged not justified by the evidence, and any use is for the obstetric and neurology team to decide. This is not a reason for a K2 supplement.',
      cites: [S.neonatalCoagulation, S.epilepsyPregnancyGuideline],
      essential: true,
    },
    vka && {
      text: `${capitalise(names)} ${matches.length > 1 ? 'speed' : 'speeds'} the breakdown of warfarin (enzyme induction) and so ${matches.length > 1 ? 'lower' : 'lowers'} its effect: any start, stop or dose change needs close INR checks with the anticoagulation clinic.`,
      cites: [S.warfarinLabel],
      essential: true,
    },
  ];
  const title = pregnant
    ? `${capitalise(names)} in pregnancy: the newborn's vitamin K-dependent clotting factors can be low`
    : vka
      ? `${capitalise(names)} lowers the effect of the vitamin K antagonist`
      : `${capitalise(names)}: no vitamin K2 interaction expected`;
  return [finding(snapshot, title, statements, matches.map(describeMatch), pregnant || vka ? 'warning' : 'info')];
}

export function tyrosineKinaseInhibitorFindings({ snapshot, screening }: Input): Raised[] {
  const matches = screening.matches.filter((m) => m.safetyCode === 'tyrosine-kinase-inhibitor');
  if (matches.length === 0) return [];
  const imatinib = matches.filter((m) => m.interactionId === 'imatinib');
  const dasatinib = matches.filter((m) => m.interactionId === 'dasatinib');
  const antithrombotic = antithromboticMatches(screening);
  const vka = hasVka(screening);
  const withWhat = antithrombotic.length > 0 ? namesOf(antithrombotic) : '';
  const statements: Array<Statement | false> = [
    {
      text: `No vitamin K interaction is named in the US label text read for ${namesOf(matches)}; vitamin K2 is not known to change ${matches.length > 1 ? 'their' : 'its'} effect. What the label${matches.length > 1 ? 's do' : ' does'} say:`,
      cites: [...(imatinib.length > 0 ? [S.imatinibLabel] : []), ...(dasatinib.length > 0 ? [S.dasatinibLabel] : [])],
      essential: true,
    },
    imatinib.length > 0 && {
      text: 'Imatinib inhibits the enzymes that break down warfarin (CYP2C9 and CYP3A4); its label advises that patients who need anticoagulation receive low-molecular-weight or standard heparin instead of warfarin.',
      cites: [S.imatinibLabel],
      essential: true,
    },
    imatinib.length > 0 && vka && { text: 'This patient takes a vitamin K antagonist with imatinib: the prescribers should review the anticoagulant, as the label advises, and watch the INR closely meanwhile.', cites: [S.imatinibLabel], essential: true },
    dasatinib.length > 0 && {
      text: 'Dasatinib: take an antacid at least 2 hours before or 2 hours after the dose; the Sprycel label says not to take H2 blockers or proton pump inhibitors with it. Dasatinib can cause serious bleeding, mostly with low platelets, and anticoagulants or platelet inhibitors may add to the risk.',
      cites: [S.dasatinibLabel],
      essential: true,
    },
    dasatinib.length > 0 && antithrombotic.length > 0 && { text: `With ${withWhat}, the bleeding risk of dasatinib is higher: the haematologist and the prescriber of the anticoagulant or antiplatelet drug should know of each other.`, cites: [S.dasatinibLabel], essential: true },
    { text: 'Any supplement during cancer treatment is best checked with the haematologist or oncologist.', cites: [] },
  ];
  const title = `${capitalise(namesOf(matches))}: ${antithrombotic.length > 0 ? `bleeding and interaction cautions with ${withWhat}` : 'no vitamin K interaction known; label cautions'}`;
  return [finding(snapshot, title, statements, [...matches, ...antithrombotic].map(describeMatch), antithrombotic.length > 0 ? 'warning' : 'info')];
}

export function vitaminDHighLevelFindings({ context, snapshot }: Input): Raised[] {
  const level = context.vitaminD.level;
  if (!level) return [];
  const ng = level.unit === 'ng/mL' ? level.value : level.value / NMOL_PER_NG;
  if (!(ng > VITAMIN_D_HIGH_NG)) return [];
  const shown = `${formatNumber(level.value, 1)} ${level.unit}${level.unit === 'nmol/L' ? ` (${formatNumber(ng, 1)} ng/mL)` : ` (${formatNumber(ng * NMOL_PER_NG, 0)} nmol/L)`}`;
  return [
    finding(
      snapshot,
      `25(OH)D above 50 ng/mL (125 nmol/L): ${shown}`,
      [
        { text: `25(OH)D of ${shown} is above 50 ng/mL (125 nmol/L), the level above which the IOM 2011 report says there may be reason for concern.`, cites: [S.iom2011], essential: true },
        { text: 'Do not add vitamin D; review every vitamin D source (supplements and prescriptions) with the clinician and check serum calcium.', cites: [S.iom2011], essential: true },
        { text: 'Vitamin K2 does not make a high vitamin D intake safe.', cites: [] },
      ],
      [`vitaminD.level ${shown}`],
      'warning',
    ),
  ];
}
