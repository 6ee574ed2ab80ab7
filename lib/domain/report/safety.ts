/**
 * Safety findings (SPEC "Safety codes"): every code of the SPEC table that applies, with the SPEC severity, what in
 * the context triggered it, and its citations (only entries present in the evidence snapshot). The rules are data —
 * one entry per code, each with its source — evaluated in table order, then sorted critical → warning → info.
 * Missing data never raises a finding and never counts as "no": an absent 25(OH)D level is unknown, not normal.
 */
import { NMOL_PER_NG, type PatientContext } from '../patient-context';
import type { SafetyCode } from '../vocabulary';
import { citationsInSnapshot, composeStatements, formatNumber, refCitation, type Statement } from './cite';
import { isLowVitaminKDiet } from './diet';
import { describeMatch, type MedicationMatch, type MedicationScreening } from './medications';
import { describeGuess, describeUnrecognised, guessName, uncertainIsCritical } from './fail-safe';
import { describeRange, describeTrialDoses, rangeCitations, trialDoseRange } from './trial-doses';
import type { CitationId, EvidenceSnapshot, SafetyFinding, Severity } from './types';
import { VITAMIN_D_DEFICIENT_BAND_NG, childVitaminKAdequateIntake, vitaminDUpperLimit } from './reference-intakes';
import { bleedingRiskSupplementFindings, enzymeInducingAnticonvulsantFindings, tyrosineKinaseInhibitorFindings, vitaminDHighLevelFindings } from './drug-class-rules';

type RuleInput = { context: PatientContext; snapshot: EvidenceSnapshot; screening: MedicationScreening };
/** What a rule raises; `severity` only where the rule's severity depends on the finding (medication-unconfirmed-match). */
type Raised = Omit<SafetyFinding, 'code' | 'severity'> & { severity?: Severity };

type SafetyRule = {
  code: SafetyCode;
  severity: Severity;
  /** When it fires, in one line, and the source of the rule. */
  when: string;
  source: string;
  evaluate: (input: RuleInput) => Raised[];
};

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Adult tolerable upper intake level for vitamin D3, IU/day (NIH ODS vitamin D fact sheet). */
/** 25(OH)D below this (ng/mL; 50 nmol/L) is deficiency (SPEC vitamin-d-deficiency). */
export const VITAMIN_D_DEFICIENT_NG = 20;
/** Any K2 at or above this (mcg/day) is a drug-level MK-4 dose, or an MK-7 amount above every daily trial dose (SPEC mk4-pharmacologic-dose). */
export const K2_PHARMACOLOGIC_MCG = 1_000;

const S = {
  vitaminKHp: 'source:nih-ods-vitamin-k-hp',
  adequateIntake: 'source:nih-ods-vitamin-k-adequate-intake',
  natto: 'source:nih-ods-natto-mk7',
  antibiotics: 'source:nih-ods-vitamin-k-antibiotics',
  malabsorption: 'source:nih-ods-fat-soluble-malabsorption',
  vitaminDHp: 'source:nih-ods-vitamin-d-hp',
  apixabanLabel: 'source:apixaban-us-label',
  anticoagulantNote: 'source:anticoagulant-vitamin-k-curation-note',
  // High-dose salicylate lowers the vitamin K-dependent factors (content/sources.json).
  salicylateCases: 'source:salicylate-hypoprothrombinaemia-1976',
  salicylateLab: 'source:roncaglioni-1986-salicylate',
  warfarinLabel: 'source:warfarin-us-label',
} as const;
const T = (id: string): CitationId => `trial:${id}`;

const matchesFor = (screening: MedicationScreening, code: SafetyCode): MedicationMatch[] => screening.matches.filter((m) => m.safetyCode === code);
const entryCitations = (snapshot: EvidenceSnapshot, interactionIds: string[]): CitationId[] =>
  snapshot.interactions.filter((i) => interactionIds.includes(i.id)).flatMap((i) => i.citations.map(refCitation));
const unique = <T>(list: T[]): T[] => [...new Set(list)];
const listNames = (names: string[]): string => (names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);
const capitalise = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
const lowerSubstance = (s: string): string => (/^\S+$/.test(s) ? s.toLowerCase() : s);
const hasVka = (screening: MedicationScreening): boolean => screening.matches.some((m) => m.safetyCode === 'vka-interaction');

/** A K2 supplement line, e.g. `supplements[0] k2-mk4 45 mg/day (= 45,000 mcg)`. */
function describeSupplement(index: number, s: PatientContext['normalized']['supplements'][number]): string {
  const mcg = s.amountMcg !== null && s.unit === 'mg' ? ` (= ${formatNumber(s.amountMcg, 1)} mcg)` : '';
  return `supplements[${index}] ${s.kind} ${formatNumber(s.amount, 3)} ${s.unit}/day${mcg}`;
}

/** The exact 25(OH)D in ng/mL from the original level (the normalised figure is rounded to 0.1 and could hide 49.9 nmol/L). */
function vitaminDNg(context: PatientContext): number | null {
  const level = context.vitaminD.level;
  if (!level) return context.normalized.vitaminDNgPerMl;
  return level.unit === 'ng/mL' ? level.value : level.value / NMOL_PER_NG;
}

function vkaFindings({ context, snapshot, screening }: RuleInput): Raised[] {
  const byEntry = new Map<string, MedicationMatch[]>();
  for (const m of matchesFor(screening, 'vka-interaction')) byEntry.set(m.interactionId, [...(byEntry.get(m.interactionId) ?? []), m]);
  const k2Supplements = context.normalized.supplements.map((s, i) => ({ s, i })).filter(({ s }) => s.kind === 'k2-mk7' || s.kind === 'k2-mk4');
  const natto = context.diet?.natto;
  return [...byEntry.values()].map((matches) => {
    const first = matches[0]!;
    const drug = lowerSubstance(first.substance);
    const statements: Statement[] = [
      { text: `${first.substance} is a vitamin K antagonist: vitamin K, including K2 (MK-7) from supplements or natto, counteracts it and lowers the INR.`, cites: [S.vitaminKHp], essential: true },
      {
        text: 'MK-7 at only 10–20 mcg/day shifted the INR in a clinically relevant way in anticoagulated volunteers (in at least 40% of them at 10 mcg/day and 60% at 20 mcg/day; 45 mcg/day lowered the mean INR by about 40%).',
        cites: [T('theuwissen-2013')],
        essential: true,
      },
      { text: 'MK-7 has a half-life of about 3 days and accumulates with daily intake, so its effect builds up and outlasts the last dose; vitamin K1 needed about 150 mcg/day for a comparable INR drop.', cites: [T('schurgers-2007'), T('schurgers-2004')] },
      { text: 'Natto is very rich in MK-7: about 850 mcg per 3 oz (85 g) serving.', cites: [S.natto], essential: true },
      {
        text: `Avoid K2 supplements on ${drug} unless the prescriber agrees and the INR is monitored closely. Avoid natto: one serving holds far more MK-7 than the doses that shifted the INR, and MK-7 stays in the blood for days, so natto cannot be kept steady the way other foods can. Keep vitamin K intake from other foods (leafy greens) consistent from week to week rather than avoiding it, and coordinate any change with the anticoagulation clinic.`,
        cites: [S.vitaminKHp],
        essential: true,
      },
    ];
    if (k2Supplements.length > 0)
      statements.push({
        text: `The patient already takes ${listNames(k2Supplements.map(({ s }) => `${s.kind === 'k2-mk4' ? 'MK-4' : 'MK-7'} ${formatNumber(s.amount, 3)} ${s.unit}/day`))}: do not stop or change it without the anticoagulation clinic — stopping shifts the INR as starting does.`,
        cites: [S.vitaminKHp],
        essential: true,
      });
    if (natto && natto !== 'never')
      statements.push({
        text: `The patient reports eating natto ${natto}: advise avoiding natto on ${drug}. Stopping it lets the INR rise, so plan the stop with the anticoagulation clinic and recheck the INR afterwards.`,
        cites: [S.natto, T('schurgers-2007')],
        essential: true,
      });
    const { text } = composeStatements(snapshot, statements);
    return {
      title: `${first.substance} (vitamin K antagonist): vitamin K2 can lower the INR`,
      detail: text,
      triggeredBy: [...matches.map(describeMatch), ...k2Supplements.map(({ s, i }) => describeSupplement(i, s)), ...(natto && natto !== 'never' ? [`diet.natto "${natto}"`] : [])],
      citations: citationsInSnapshot(snapshot, entryCitations(snapshot, [first.interactionId])),
    };
  });
}

function noInteractionFinding(code: 'doac-no-interaction' | 'antiplatelet-no-interaction' | 'heparin-no-interaction'): (input: RuleInput) => Raised[] {
  return ({ snapshot, screening }) => {
    const matches = matchesFor(screening, code);
    if (matches.length === 0) return [];
    const names = unique(matches.map((m) => lowerSubstance(m.substance)));
    const aspirin = matches.some((m) => m.interactionId === 'aspirin');
    const statements: Array<Statement | false> =
      code === 'heparin-no-interaction'
        ? [
            {
              text: `${capitalise(listNames(names))} ${names.length > 1 ? 'act' : 'acts'} through antithrombin, not through vitamin K, so vitamin K2 from supplements or natto is not expected to change the anticoagulant effect or the dosing; vitamin K does not reverse ${names.length > 1 ? 'them' : 'it'}.`,
              cites: entryCitations(snapshot, unique(matches.map((m) => m.interactionId))),
              essential: true,
            },
            { text: 'This covers vitamin K only: bleeding risk from other supplements or drugs is a separate question, and the K2 decision still rests on the evidence for the goal.', cites: [] },
          ]
        : code === 'doac-no-interaction'
        ? [
            {
              text: `${capitalise(listNames(names))} ${names.length > 1 ? 'do' : 'does'} not act through vitamin K (direct factor Xa or thrombin inhibition), so vitamin K2 from supplements or natto is not expected to change the anticoagulant effect or the dosing.`,
              cites: [S.anticoagulantNote, S.apixabanLabel],
              essential: true,
            },
            { text: 'The apixaban (Eliquis) label states that vitamin K is not expected to affect its anticoagulant activity.', cites: [S.apixabanLabel] },
            { text: 'This covers vitamin K only: bleeding risk from other supplements or drugs is a separate question, and the K2 decision still rests on the evidence for the goal.', cites: [] },
          ]
        : [
            {
              text: `No interaction with vitamin K is known for ${listNames(names)}${aspirin ? ' (for aspirin: at the usual low doses)' : ''}; vitamin K2 does not change ${names.length > 1 ? 'their' : 'its'} effect.`,
              cites: [S.anticoagulantNote],
              essential: true,
            },
            aspirin && { text: 'High doses of aspirin (pain or anti-inflammatory doses) can lower the vitamin K-dependent clotting factors, and vitamin K corrects this.', cites: [S.salicylateCases, S.salicylateLab] },
            { text: 'The higher bleeding risk of combining an antiplatelet drug with an anticoagulant is unrelated to vitamin K.', cites: [S.anticoagulantNote] },
          ];
    const { text } = composeStatements(snapshot, statements);
    return [
      {
        title: capitalise(code === 'antiplatelet-no-interaction' ? `${listNames(names)}: no vitamin K interaction known` : `${listNames(names)}: no vitamin K interaction (not a vitamin K antagonist)`),
        detail: text,
        triggeredBy: matches.map(describeMatch),
        citations: citationsInSnapshot(snapshot, entryCitations(snapshot, unique(matches.map((m) => m.interactionId)))),
      },
    ];
  };
}

/** The SPEC safety table as rules, in table order. */
export const SAFETY_RULES: SafetyRule[] = [
  {
    code: 'vka-interaction',
    severity: 'critical',
    when: 'Any vitamin K antagonist in the medications, by generic name, brand name or RxNorm code; one finding per VKA.',
    source: 'Theuwissen 2013 (MK-7 10–20 mcg/day shifts the INR); Schurgers 2007; NIH ODS vitamin K fact sheet (keep intake consistent).',
    evaluate: vkaFindings,
  },
  {
    code: 'medication-unconfirmed-match',
    severity: 'warning',
    when: 'A medication name that is only a near miss (fuzzy) of a curated name or brand, or a combination product with a part that matched nothing; one finding per medication — critical when a guess is a vitamin K antagonist.',
    source: 'Fail-safe rule (lib/domain/report/fail-safe.ts): an unconfirmed medicine gets no reassurance and no dose.',
    evaluate: ({ snapshot, screening }) =>
      screening.uncertain.map((u) => {
        const critical = uncertainIsCritical(u);
        const best = u.guesses[0];
        const { text, citations } = composeStatements(snapshot, [
          best
            ? {
                text: `"${u.name}" is not a name this report knows; it looks like ${guessName(best)}${u.guesses.length > 1 ? ` (or ${listNames(u.guesses.slice(1, 3).map(guessName))})` : ''}. Confirm the medicine with the patient, the prescription or the pharmacy before any vitamin K advice.`,
                cites: [],
                essential: true,
              }
            : { text: `Part of "${u.name}" (${listNames(u.unrecognisedParts.map((p) => `"${p}"`))}) is not a medicine this report knows. Confirm what it is before any vitamin K advice.`, cites: [], essential: true },
          critical && {
            text: 'If it is a vitamin K antagonist, vitamin K — including K2 from supplements or natto — counteracts it and lowers the INR, and MK-7 at only 10–20 mcg/day shifted the INR in anticoagulated volunteers.',
            cites: [S.vitaminKHp, T('theuwissen-2013')],
            essential: true,
          },
          { text: 'Until it is confirmed, this report suggests no K2 dose.', cites: [], essential: true },
        ]);
        return {
          severity: critical ? ('critical' as const) : ('warning' as const),
          title: best ? `"${u.name}" looks like ${guessName(best)}: confirm before any vitamin K advice` : `"${u.name}": part of it could not be checked`,
          detail: text,
          triggeredBy: describeGuess(u),
          citations,
        };
      }),
  },
  {
    code: 'doac-no-interaction',
    severity: 'info',
    when: 'Apixaban, rivaroxaban, dabigatran or edoxaban in the medications.',
    source: 'Apixaban US label; curation note on DOACs (EVIDENCE-BRIEF.md "Safety and interactions").',
    evaluate: noInteractionFinding('doac-no-interaction'),
  },
  {
    code: 'antiplatelet-no-interaction',
    severity: 'info',
    when: 'Aspirin, clopidogrel, prasugrel or ticagrelor in the medications.',
    source: 'Curation note on antiplatelets (EVIDENCE-BRIEF.md "Safety and interactions").',
    evaluate: noInteractionFinding('antiplatelet-no-interaction'),
  },
  {
    code: 'heparin-no-interaction',
    severity: 'info',
    when: 'Heparin, a low-molecular-weight heparin (enoxaparin, dalteparin, tinzaparin, nadroparin…) or fondaparinux in the medications.',
    source: 'The heparins interaction entry and its label sources (they act through antithrombin, not vitamin K).',
    evaluate: noInteractionFinding('heparin-no-interaction'),
  },
  {
    code: 'pregnancy-lactation',
    severity: 'warning',
    when: 'Pregnant or breastfeeding.',
    source: 'NIH ODS Adequate Intakes: 90 mcg/day (75 mcg/day at ≤18 y); supplemental doses above the AI unstudied.',
    evaluate: ({ context, snapshot }) => {
      if (context.pregnancy === 'none') return [];
      const state = context.pregnancy === 'pregnant' ? 'pregnancy' : 'breastfeeding';
      const ai = context.age <= 18 ? 75 : 90;
      const mk7 = trialDoseRange(snapshot, 'MK-7');
      const mk4 = trialDoseRange(snapshot, 'MK-4');
      const { text, citations } = composeStatements(snapshot, [
        {
          text: `The vitamin K Adequate Intake in ${state} is 90 mcg/day (75 mcg/day at 18 years or younger) — ${ai} mcg/day for this patient. Intake at the AI from food is considered likely safe; supplemental doses above it have not been studied in pregnancy or breastfeeding.`,
          cites: [S.adequateIntake],
          essential: true,
        },
        { text: `K2 trial doses (MK-7 ${describeRange(mk7)}, MK-4 ${describeRange(mk4)}) come from non-pregnant adults and are not targets here. Food first.`, cites: [...rangeCitations(mk7), ...rangeCitations(mk4)], essential: true },
      ]);
      return [{ title: context.pregnancy === 'pregnant' ? 'Pregnancy: vitamin K from food, no K2 supplement dose' : 'Breastfeeding: vitamin K from food, no K2 supplement dose', detail: text, triggeredBy: [`pregnancy "${context.pregnancy}"`], citations }];
    },
  },
  {
    code: 'pediatric',
    severity: 'warning',
    when: 'Age under 18.',
    source: 'NIH ODS Adequate Intakes for children and teens by age band (2.0/2.5 mcg infants, 30 at 1–3 y, 55 at 4–8 y, 60 at 9–13 y, 75 at 14–18 y; reference-intakes.ts).',
    evaluate: ({ context, snapshot }) => {
      if (context.age >= 18) return [];
      const band = childVitaminKAdequateIntake(context.age);
      const ai = band ? `the Adequate Intake at this age (${band.ages}) is ${formatNumber(band.mcg)} mcg/day` : 'see the NIH ODS table for this age';
      const { text, citations } = composeStatements(snapshot, [
        { text: `Children and teenagers have lower vitamin K Adequate Intakes than adults (from 2.0 mcg/day in infants to 75 mcg/day at 14–18 years); ${ai}.`, cites: [S.adequateIntake, S.vitaminKHp], essential: true },
        { text: 'The K2 trials behind this report were done in adults: adult trial doses are not targets for a child. Vitamin K from food first; any supplement is a decision for the child’s clinician.', cites: [S.adequateIntake], essential: true },
      ]);
      return [{ title: `Age ${context.age}: child or teenager — food first, no adult K2 doses`, detail: text, triggeredBy: [`age ${context.age}`], citations }];
    },
  },
  {
    code: 'antibiotics-long-term',
    severity: 'warning',
    when: 'An antibiotic in the medications (course length is asked, since the list does not give it).',
    source: 'NIH ODS vitamin K fact sheet: long courses (beyond ~10 days) and some cephalosporins lower vitamin K status.',
    evaluate: ({ snapshot, screening }) => {
      const matches = matchesFor(screening, 'antibiotics-long-term');
      if (matches.length === 0) return [];
      const nmtt = matches.filter((m) => m.medicationClass === 'antibiotic-nmtt' || m.interactionId === 'nmtt-cephalosporins');
      const cephalosporin = matches.some((m) => m.interactionId === 'cephalosporins' || /cephalosporin/i.test(m.substance)) || nmtt.length > 0;
      const { text, citations } = composeStatements(snapshot, [
        { text: 'The medication list does not say how long the antibiotic course is (unknown): ask.', cites: [], essential: true },
        {
          text: `Antibiotics can lower vitamin K status by suppressing vitamin K-producing gut bacteria; this matters mainly for courses longer than about 10 days, repeated courses${cephalosporin ? ', some cephalosporins in particular,' : ''} and people whose intake is already poor.`,
          cites: [S.antibiotics],
          essential: true,
        },
        { text: 'For a long course, make sure dietary vitamin K reaches the Adequate Intake (90 mcg/day women, 120 mcg/day men); this is not a reason for high-dose K2.', cites: [S.adequateIntake] },
        nmtt.length > 0 && {
          text: `${capitalise(listNames(unique(nmtt.map((m) => lowerSubstance(m.substance)))))} ${nmtt.length > 1 ? 'are cephalosporins' : 'is a cephalosporin'} with an N-methylthiotetrazole (NMTT) or related methyl-thiadiazole side chain: higher risk. The side chain blocks vitamin K recycling, and these drugs have caused low prothrombin and bleeding even in short courses, mostly with poor intake, kidney impairment or old age. Check the prothrombin time (INR); vitamin K is given as the prescriber decides.`,
          cites: entryCitations(snapshot, unique(nmtt.map((m) => m.interactionId))),
          essential: true,
        },
        hasVka(screening) && { text: 'With the vitamin K antagonist, check the INR more closely during and after the course.', cites: [S.antibiotics], essential: true },
        hasVka(screening) && {
          text: 'Many antibiotics also raise the INR, the opposite direction, through drug interactions: co-trimoxazole and metronidazole (and the antifungal fluconazole) inhibit CYP2C9, which breaks down warfarin, while rifampicin induces its breakdown and lowers the INR. The warfarin label asks for close INR monitoring when any antibiotic or antifungal is started or stopped, even a short course.',
          cites: [S.warfarinLabel],
          essential: true,
        },
      ]);
      return [{ title: nmtt.length > 0 ? 'NMTT-type cephalosporin: higher risk of low vitamin K-dependent clotting factors, even in short courses' : 'Antibiotic in the medication list: ask how long the course is', detail: text, triggeredBy: matches.map(describeMatch), citations }];
    },
  },
  {
    code: 'fat-malabsorption',
    severity: 'warning',
    when: 'Orlistat, a bile-acid sequestrant or mineral oil in the medications, or the fat-malabsorption condition.',
    source: 'NIH ODS: fat malabsorption and these products reduce absorption of fat-soluble vitamins (K and D).',
    evaluate: ({ context, snapshot, screening }) => {
      const matches = matchesFor(screening, 'fat-malabsorption');
      const condition = context.conditions.includes('fat-malabsorption');
      if (matches.length === 0 && !condition) return [];
      const { text, citations } = composeStatements(snapshot, [
        {
          text: 'Fat malabsorption (e.g. cystic fibrosis, cholestatic liver disease, bariatric surgery) and orlistat, bile-acid sequestrants and mineral oil reduce absorption of the fat-soluble vitamins, including vitamins K and D.',
          cites: [S.malabsorption],
          essential: true,
        },
        { text: 'Vitamin K (and D) status may be low. Whether to supplement, and how to time any supplement around these medicines, is a clinician decision.', cites: [S.malabsorption] },
        hasVka(screening) && { text: 'With the vitamin K antagonist, starting or stopping these medicines changes vitamin K absorption and can shift the INR.', cites: [S.malabsorption], essential: true },
      ]);
      return [{ title: 'Reduced absorption of fat-soluble vitamins (K and D)', detail: text, triggeredBy: [...matches.map(describeMatch), ...(condition ? ['conditions: fat-malabsorption'] : [])], citations }];
    },
  },
  {
    code: 'vitamin-d-above-ul',
    severity: 'warning',
    when: 'Total vitamin D3 above the tolerable upper intake level for the age (1,000 IU/day under 1 year, 2,500 at 1–3, 3,000 at 4–8, 4,000 from 9 years; reference-intakes.ts).',
    source: 'NIH ODS vitamin D fact sheet (ULs by age, from IOM 2011); Burt 2019 (10,000 IU/day lowered radial BMD).',
    evaluate: ({ context, snapshot }) => {
      const iu = context.normalized.vitaminDIuPerDay;
      const ul = vitaminDUpperLimit(context.age);
      if (iu === null || iu <= ul.iu) return [];
      const from = [
        ...(context.vitaminD.supplementIuPerDay !== undefined ? [`vitaminD.supplementIuPerDay ${formatNumber(context.vitaminD.supplementIuPerDay)} IU`] : []),
        ...context.normalized.supplements.flatMap((s, i) => (s.kind === 'd3' && s.amountIu !== null ? [`supplements[${i}] d3 ${formatNumber(s.amountIu)} IU/day`] : [])),
      ];
      const supervised = context.vitaminD.supervisedCourse === true;
      if (supervised) {
        const level = vitaminDNg(context);
        const { text, citations } = composeStatements(snapshot, [
          { text: `Vitamin D3 of ${formatNumber(iu)} IU/day is a course prescribed and monitored by a clinician. The tolerable upper intake level (${formatNumber(ul.iu)} IU/day${ul.ages === 'adults' ? '' : ` at ${ul.ages}`}) applies to daily intake without medical supervision; treatment of deficiency under a clinician is not an overdose.`, cites: [S.vitaminDHp], essential: true },
          level !== null && level < VITAMIN_D_DEFICIENT_BAND_NG && { text: `The 25(OH)D of ${formatNumber(level, 1)} ng/mL (${formatNumber(Math.round(level * NMOL_PER_NG))} nmol/L) is in the deficient range (below 12 ng/mL, 30 nmol/L).`, cites: [S.vitaminDHp], essential: true },
          { text: 'Recheck 25(OH)D and serum calcium during or after the course, and step down to a maintenance dose within the UL when it ends. Taking K2 does not change this.', cites: [S.vitaminDHp], essential: true },
        ]);
        return [{ title: `Vitamin D ${formatNumber(iu)} IU/day: a supervised course above the ${formatNumber(ul.iu)} IU/day upper limit — recheck 25(OH)D and calcium`, detail: text, triggeredBy: [`vitamin D intake ${formatNumber(iu)} IU/day`, 'vitaminD.supervisedCourse true', ...from], citations }];
      }
      const { text, citations } = composeStatements(snapshot, [
        { text: `Total vitamin D3 of ${formatNumber(iu)} IU/day is above the tolerable upper intake level of ${formatNumber(ul.iu)} IU/day for ${ul.ages === 'adults' ? 'adults' : `age ${ul.ages}`}; sustained intakes well above it can cause hypercalcaemia.`, cites: [S.vitaminDHp], essential: true },
        { text: 'In a 3-year RCT, 10,000 IU/day lowered radial bone density compared with 400 IU/day (4,000 IU/day less so) and did not improve bone strength.', cites: [T('burt-2019')] },
        { text: 'Taking K2 does not make vitamin D above the UL safe. Review the vitamin D dose.', cites: [S.vitaminDHp], essential: true },
        context.age < 9 && { text: 'Children have lower upper levels than adults (4,000 IU/day from 9 years); the vitamin D dose for a child is for the child’s clinician to set.', cites: [S.vitaminDHp], essential: true },
      ]);
      return [{ title: `Vitamin D ${formatNumber(iu)} IU/day: above the ${formatNumber(ul.iu)} IU/day upper limit${ul.ages === 'adults' ? '' : ' for this age'}`, detail: text, triggeredBy: [`vitamin D intake ${formatNumber(iu)} IU/day`, ...from], citations }];
    },
  },
  {
    code: 'mk4-pharmacologic-dose',
    severity: 'warning',
    when: 'Any MK-4 supplement ≥ 1 mg/day (a drug dose), or any MK-7 amount ≥ 1,000 mcg/day (above every daily MK-7 trial dose in the evidence; check the label unit).',
    source: 'EVIDENCE-BRIEF.md "Doses": MK-4 45 mg/day is menatetrenone, a drug dose (Shiraki 2000, Knapen 2007); MK-7 trials used 90–720 mcg/day.',
    evaluate: ({ context, snapshot, screening }) => {
      const hits = context.normalized.supplements
        .map((s, i) => ({ s, i }))
        .filter(({ s }) => (s.kind === 'k2-mk4' || s.kind === 'k2-mk7') && s.amountMcg !== null && s.amountMcg >= K2_PHARMACOLOGIC_MCG);
      if (hits.length === 0) return [];
      const mk7 = trialDoseRange(snapshot, 'MK-7');
      const mk4 = trialDoseRange(snapshot, 'MK-4');
      const mk7Hits = hits.filter(({ s }) => s.kind === 'k2-mk7');
      const anyMk4 = hits.length > mk7Hits.length;
      // The highest MK-7 amount listed, against the highest daily MK-7 dose of the snapshot's trials (in mcg).
      const mk7Top = Math.max(0, ...mk7Hits.map(({ s }) => s.amountMcg ?? 0));
      const mk7TrialMaxMcg = mk7.unit === 'mg' ? mk7.max * 1000 : mk7.max;
      const aboveTrials = mk7Hits.length > 0 && mk7Top > mk7TrialMaxMcg;
      const { text, citations } = composeStatements(snapshot, [
        anyMk4 && {
          text: 'MK-4 45 mg/day (15 mg three times a day) is menatetrenone, an osteoporosis drug dose approved in Japan — 250 times a 180 mcg MK-7 dose. It is the dose of the MK-4 bone trials, not a supplement dose.',
          cites: [T('shiraki-2000'), T('knapen-2007'), ...rangeCitations(mk4)],
          essential: true,
        },
        { text: `MK-7 trials used ${describeTrialDoses(mk7)}.`, cites: rangeCitations(mk7), essential: true },
        mk7Hits.length > 0 && {
          text: aboveTrials
            ? `An MK-7 amount of ${formatNumber(mk7Top)} mcg/day is above every daily dose studied in trials (up to ${formatNumber(mk7TrialMaxMcg)} mcg): no trial tells what it does.`
            : `An MK-7 amount of ${formatNumber(mk7Top)} mcg/day is at the top of the doses studied in trials.`,
          cites: rangeCitations(mk7),
          essential: true,
        },
        {
          text: 'Check the label unit (1 mg = 1,000 mcg): a mg/mcg mix-up changes the dose a thousandfold. If the amount is right, it is a dose to review with the clinician.',
          cites: [],
          essential: true,
        },
        { text: 'No tolerable upper intake level exists for vitamin K because the data are insufficient — not because high doses are proven safe.', cites: [S.vitaminKHp] },
        hasVka(screening) && { text: 'With a vitamin K antagonist, any K2 dose matters (see the vitamin K antagonist finding).', cites: [T('theuwissen-2013')], essential: true },
      ]);
      const mk7Title = aboveTrials ? 'MK-7 amount above every daily dose studied in trials' : 'MK-7 amount at the top of the trial doses';
      return [
        {
          title: mk7Hits.length === 0 ? 'MK-4 at a pharmacologic (drug) dose' : anyMk4 ? `${mk7Title}, and MK-4 at a pharmacologic (drug) dose` : mk7Title,
          detail: text,
          triggeredBy: hits.map(({ s, i }) => `${describeSupplement(i, s)}: ${s.kind === 'k2-mk4' ? 'MK-4 ≥ 1 mg/day' : `MK-7 ≥ 1,000 mcg/day${aboveTrials ? ', above every trial dose' : ''}`}`),
          citations,
        },
      ];
    },
  },
  {
    code: 'kidney-disease',
    severity: 'warning',
    when: 'The ckd or dialysis condition, or a CKD stage.',
    source: 'K4Kidneys (Witham 2020), Trevasc-HDK 2023, Kurnatowska 2015, Valkyrie 2021: no benefit on the main surrogate outcomes in CKD/dialysis.',
    evaluate: ({ context, snapshot }) => {
      const triggers = [
        ...(context.conditions.includes('ckd') ? ['conditions: ckd'] : []),
        ...(context.conditions.includes('dialysis') ? ['conditions: dialysis'] : []),
        ...(context.ckdStage !== undefined ? [`ckdStage ${context.ckdStage}`] : []),
      ];
      if (triggers.length === 0) return [];
      const trials = [
        { text: 'MK-7 400 mcg/day for 12 months did not change arterial stiffness (pulse wave velocity) in CKD 3b–4 (K4Kidneys)', cites: [T('witham-2020-k4kidneys')] },
        { text: 'MK-7 360 mcg three times a week for 18 months did not slow coronary calcification in haemodialysis (Trevasc-HDK)', cites: [T('trevasc-hdk-2023')] },
        { text: 'in non-dialysis CKD 3–5, MK-7 90 mcg with D3 slowed carotid wall thickening but not coronary calcium (Kurnatowska 2015)', cites: [T('kurnatowska-2015')] },
        { text: 'in haemodialysis with atrial fibrillation, adding K2 to rivaroxaban did not change calcification progression (Valkyrie)', cites: [T('valkyrie-2021')] },
      ].filter((t) => citationsInSnapshot(snapshot, t.cites).length > 0);
      const { text, citations } = composeStatements(snapshot, [
        trials.length > 0 && { text: `K2 trials in kidney disease have not shown benefit on their main outcomes: ${trials.map((t) => t.text).join('; ')}.`, cites: trials.flatMap((t) => t.cites) },
        { text: 'Any K2 supplement is a decision for the nephrology team, alongside the patient’s anticoagulation and vitamin D treatment.', cites: [], essential: true },
      ]);
      return [{ title: `Kidney disease${context.ckdStage !== undefined ? ` (CKD stage ${context.ckdStage})` : ''}${context.conditions.includes('dialysis') ? ' on dialysis' : ''}: a decision for the nephrology team`, detail: text, triggeredBy: triggers, citations }];
    },
  },
  {
    code: 'vitamin-d-deficiency',
    severity: 'warning',
    when: '25(OH)D below 20 ng/mL (50 nmol/L), compared unrounded.',
    source: 'SPEC safety table; NIH ODS vitamin D fact sheet, 25(OH)D bands after IOM 2011 (< 12 ng/mL deficient, 12–< 20 possibly inadequate, ≥ 20 adequate; ng/mL × 2.496 = nmol/L).',
    evaluate: ({ context, snapshot }) => {
      const ng = vitaminDNg(context);
      if (ng === null || ng >= VITAMIN_D_DEFICIENT_NG) return [];
      const level = context.vitaminD.level;
      const shown = level ? `${formatNumber(level.value, 1)} ${level.unit}${level.unit === 'nmol/L' ? ` (${formatNumber(ng, 1)} ng/mL)` : ''}` : `${formatNumber(ng, 1)} ng/mL`;
      const { text, citations } = composeStatements(snapshot, [
        { text: `25(OH)D of ${shown} is below 20 ng/mL (50 nmol/L): assess and correct the vitamin D deficiency with the clinician.`, cites: [S.vitaminDHp], essential: true },
        {
          text:
            ng < VITAMIN_D_DEFICIENT_BAND_NG
              ? 'It is below 12 ng/mL (30 nmol/L), the band NIH ODS (after IOM 2011) links with deficiency (risk of rickets or osteomalacia); 20 ng/mL (50 nmol/L) or more is adequate for bone health in nearly everyone.'
              : 'It is in the 12 to under 20 ng/mL (30 to under 50 nmol/L) band that NIH ODS (after IOM 2011) calls possibly inadequate for bone and overall health; 20 ng/mL (50 nmol/L) or more is adequate for bone health in nearly everyone.',
          cites: [S.vitaminDHp],
          essential: true,
        },
        { text: 'Vitamin K2 is no substitute for vitamin D and does not correct a deficiency.', cites: [], essential: true },
      ]);
      return [{ title: `Vitamin D deficiency (25(OH)D ${shown})`, detail: text, triggeredBy: [`vitaminD.level ${shown}`], citations }];
    },
  },
  {
    code: 'vitamin-k-low-status',
    severity: 'info',
    when: 'vitaminKStatus low or deficient, or a diet with natto, hard cheese, eggs and leafy greens all never or monthly.',
    source: 'NIH ODS Adequate Intakes (90 mcg/day women, 120 mcg/day men; K1 and K2 together).',
    evaluate: ({ context, snapshot, screening }) => {
      const status = context.vitaminKStatus === 'low' || context.vitaminKStatus === 'deficient';
      const diet = context.diet;
      const lowDiet = isLowVitaminKDiet(diet);
      if (!status && !lowDiet) return [];
      const { text, citations } = composeStatements(snapshot, [
        {
          text: 'Restoring adequate vitamin K intake is reasonable: the Adequate Intake is 90 mcg/day for women and 120 mcg/day for men (K1 and K2 together; 75 mcg/day at 14–18 years, 60 mcg/day at 9–13 years), preferably from food — leafy greens for K1, natto for K2.',
          cites: [S.adequateIntake],
          essential: true,
        },
        { text: 'This is about adequacy, not a reason for high-dose K2. Look for a cause such as fat malabsorption, long antibiotic courses or a very restricted diet.', cites: [S.malabsorption, S.antibiotics] },
        hasVka(screening) && { text: 'With the vitamin K antagonist, any increase in vitamin K intake must be coordinated with the anticoagulation clinic, because the INR depends on steady intake.', cites: [S.vitaminKHp], essential: true },
      ]);
      const triggers = [
        ...(status ? [`vitaminKStatus "${context.vitaminKStatus}"`] : []),
        ...(lowDiet && diet ? [`diet: natto ${diet.natto}, hardCheese ${diet.hardCheese}, eggs ${diet.eggs}, leafyGreens ${diet.leafyGreens}`] : []),
      ];
      return [{ title: status ? `Vitamin K status ${context.vitaminKStatus}` : 'Diet with almost no vitamin K sources', detail: text, triggeredBy: triggers, citations }];
    },
  },
  {
    code: 'vitamin-d-high-level',
    severity: 'warning',
    when: '25(OH)D above 50 ng/mL (125 nmol/L), compared unrounded.',
    source: 'IOM 2011 (doi 10.17226/13050), p. 14: "There may be reason for concern at serum 25OHD levels above 125 nmol/L (50 ng/mL)".',
    evaluate: vitaminDHighLevelFindings,
  },
  {
    code: 'bleeding-risk-supplement',
    severity: 'info',
    when: 'Nattokinase or vitamin E in the medications; a warning when an anticoagulant or antiplatelet drug is also listed.',
    source: 'NIH ODS vitamin E consumer sheet (high doses, bleeding with anticoagulants and antiplatelets); Chen 2018 review and Chang 2008 case report (nattokinase).',
    evaluate: bleedingRiskSupplementFindings,
  },
  {
    code: 'enzyme-inducing-anticonvulsant',
    severity: 'info',
    when: 'Carbamazepine, phenytoin, fosphenytoin, phenobarbital or primidone in the medications; a warning in pregnancy (newborn vitamin K deficiency bleeding) or with a vitamin K antagonist (lower INR).',
    source: 'Hey (Arch Dis Child Fetal Neonatal Ed): newborn prothrombin times; AAN/AES 2009 practice parameter; warfarin US label (CYP inducers).',
    evaluate: enzymeInducingAnticonvulsantFindings,
  },
  {
    code: 'tyrosine-kinase-inhibitor',
    severity: 'info',
    when: 'Imatinib or dasatinib in the medications; a warning when an anticoagulant or antiplatelet drug is also listed.',
    source: 'Imatinib (Gleevec) US label: heparin instead of warfarin; dasatinib (Sprycel) US label: antacid timing, no H2 blockers or PPIs, bleeding-related events.',
    evaluate: tyrosineKinaseInhibitorFindings,
  },
  {
    code: 'medication-not-screened',
    severity: 'warning',
    when: 'A medication that the vocabulary and the interaction table do not know (or whose interaction entry is not published); one finding listing every such medication. A warning, not the SPEC table\'s info: the fail-safe rule (fail-safe.ts) — not found is not "no interaction".',
    source: 'SPEC safety table (list it, never drop it silently); fail-safe rule.',
    evaluate: ({ snapshot, screening }) => {
      if (screening.unscreened.length === 0) return [];
      const names = screening.unscreened.map((u) => `"${u.name}"`);
      const { text, citations } = composeStatements(snapshot, [
        {
          text: `We could not check ${listNames(names)}: not in this report's medication vocabulary or interaction table, so it cannot say whether ${names.length > 1 ? 'they interact' : 'it interacts'} with vitamin K. Not found is not the same as no interaction — check ${names.length > 1 ? 'them' : 'it'} in a drug-interaction reference or with a pharmacist before any vitamin K advice. Until then this report suggests no K2 dose.`,
          cites: [],
          essential: true,
        },
        { text: 'The table covers the vitamin K interactions listed by NIH ODS (vitamin K antagonists, antibiotics, bile-acid sequestrants, orlistat) plus DOACs, antiplatelet drugs, heparins and common medicines without a known vitamin K interaction.', cites: [S.vitaminKHp] },
      ]);
      return [
        {
          title: `We could not check ${screening.unscreened.length === 1 ? names[0] : `${screening.unscreened.length} medications`} for vitamin K interactions`,
          detail: text,
          triggeredBy: screening.unscreened.map((u) => describeUnrecognised(u)),
          citations,
        },
      ];
    },
  },
];

/**
 * Every applicable SPEC safety finding for this patient, critical first, then warning, then info (table order within a
 * severity). Source per rule: SAFETY_RULES (SPEC "Safety codes", EVIDENCE-BRIEF.md "Safety and interactions").
 */
export function assessSafety(context: PatientContext, snapshot: EvidenceSnapshot, screening: MedicationScreening): SafetyFinding[] {
  const input: RuleInput = { context, snapshot, screening };
  const findings = SAFETY_RULES.flatMap((rule) => rule.evaluate(input).map(({ severity, ...raised }): SafetyFinding => ({ code: rule.code, severity: severity ?? rule.severity, ...raised })));
  return findings.map((f, i) => ({ f, i })).sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i).map(({ f }) => f);
}
