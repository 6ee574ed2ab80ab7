/**
 * The patient handout (SPEC "handout"): plain language, second person, short sentences and short words, built only
 * from the report's own findings so it never says more than the clinician's report. Target reading grade ≤ 6, never
 * above 8 (checked by a property test over generated patients). Each sentence restates a finding of the report; the
 * clinical statements and their citations live in safety.ts, dose.ts, diet.ts and product-quality.ts.
 */
import type { Goal } from '../vocabulary';
import { formatNumber } from './cite';
import { counsellingLines } from './counselling';
import { adequateIntakeMcg } from './dose';
import { vitaminDUpperLimit } from './reference-intakes';
import { isUnsure, unsureMedicationIndexes } from './fail-safe';
import { parseMatchTrace, plainMedicineName } from './medications';
import { readingGrade } from './readability';
import { K2_PHARMACOLOGIC_MCG } from './safety';
import type { GoalFinding, Handout, ReportBody, SafetyFinding } from './types';

type Body = Omit<ReportBody, 'handout'>;

/** The handout's title. */
export const HANDOUT_TITLE = 'Vitamin K2: what it means for you';
/** The section headings, in the order the SPEC and the print view expect. */
export const HANDOUT_HEADINGS = [
  'What this is about',
  'Is it safe for you?',
  'What the research shows and does not show',
  'If you decide to take it',
  'Food sources',
  'Questions to ask your clinician',
] as const;

/** How each goal is named and what its studies measured, in plain words. */
const GOAL_WORDS: Record<Goal, { topic: string; label: string; surrogate: string; hard: string }> = {
  cardiovascular: { topic: 'your heart', label: 'Your heart', surrogate: 'Studies looked at calcium scans of the heart, not heart attacks.', hard: 'heart attacks or deaths' },
  bone: { topic: 'your bones', label: 'Your bones', surrogate: 'Studies looked at bone scans, not broken bones.', hard: 'broken bones' },
  muscle: { topic: 'your muscles', label: 'Your muscles', surrogate: 'Studies looked at tests of strength and balance.', hard: 'falls' },
  'blood-cancer': { topic: 'blood cancer', label: 'Blood cancer', surrogate: 'Studies looked at blood counts, not at how long people lived.', hard: 'real health events' },
  general: { topic: 'your health in general', label: 'Your health in general', surrogate: 'Studies looked at blood tests, not at how people felt or how long they lived.', hard: 'real health events' },
};

const listWords = (items: string[]): string => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);
const sentenceCase = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** The plain names of the medicines behind a finding (from its trace lines). */
function medicineNames(finding: SafetyFinding, only?: RegExp): string[] {
  const lines = only ? finding.triggeredBy.filter((line) => only.test(line)) : finding.triggeredBy;
  return [...new Set(lines.flatMap((line) => parseMatchTrace(line) ?? []).map(plainMedicineName).map((n) => n.replace(/\bvitamin ([a-z])\b/g, (_, l: string) => `vitamin ${l.toUpperCase()}`)))];
}

/** The trace lines of the supplements and cancer medicines these findings are about (not the blood thinner listed with them). */
const BLEEDING_SUPPLEMENT = /nattokinase|vitamin e|tocopher/i;
const KINASE_INHIBITOR = /imatinib|dasatinib/i;

/** Under this age the handout is read by a parent or carer (issue 13, error 4): it says so, and the questions are theirs. */
export const PARENT_READER_BELOW_AGE = 12;
const forParent = (body: Body): boolean => body.context.age < PARENT_READER_BELOW_AGE;

function aboutSection(body: Body): string {
  const topics = body.context.goals.map((g) => GOAL_WORDS[g].topic);
  return [
    forParent(body) ? `This sheet is for the parent or carer of a child who is ${body.context.age === 0 ? 'under 1 year old' : `${body.context.age} years old`}. When it says "you", it means your child.` : '',
    'This sheet is about vitamin K2. K2 is one form of vitamin K.',
    'It is in some foods, such as natto, cheese and eggs. It is also sold as a pill.',
    topics.length > 0 ? `You asked if K2 could help ${listWords(topics)}.` : '',
    'Here is what we know, and if it is safe for you.',
  ]
    .filter(Boolean)
    .join(' ');
}

/** One finding in plain words; undefined for a code the handout does not explain. */
function plainSafety(finding: SafetyFinding, body: Body): string | undefined {
  const ctx = body.context;
  const takesK2 = ctx.supplements.some((s) => s.kind === 'k2-mk7' || s.kind === 'k2-mk4');
  const eatsNatto = ctx.diet !== undefined && ctx.diet.natto !== 'never';
  switch (finding.code) {
    case 'vka-interaction': {
      const names = medicineNames(finding);
      return [
        `You take ${names.length > 0 ? listWords(names) : 'a blood thinner'}. It is a blood thinner.`,
        'Do not start vitamin K2 without your doctor. K2 can change how your blood thinner works.',
        'Even a small dose can change your INR. The INR is the blood test for your blood thinner.',
        'Natto has a lot of K2. Do not eat natto while you take this blood thinner.',
        eatsNatto ? 'You eat natto now. Ask your clinic how to stop. Get your INR checked after you stop.' : '',
        'Keep the amount of greens you eat about the same each week.',
        'Tell your blood thinner clinic before you change what you eat.',
        takesK2 ? 'You take K2 now. Do not stop it on your own. Ask your clinic first.' : '',
      ]
        .filter(Boolean)
        .join(' ');
    }
    case 'pregnancy-lactation':
      return ctx.pregnancy === 'breastfeeding'
        ? 'You are breastfeeding. Get your vitamin K from food. Pills with more than you need have not been tested in women who breastfeed.'
        : 'You are pregnant. Get your vitamin K from food. Pills with more than you need have not been tested in pregnancy.';
    case 'pediatric':
      return 'Most K2 studies were in adults. Adult doses are not meant for children or teens. Food is the best way to get vitamin K at your age.';
    case 'antibiotics-long-term':
      return [
        'You take an antibiotic. A long course can lower your vitamin K. Tell your doctor how long you will take it.',
        body.safety.some((s) => s.code === 'vka-interaction') ? 'Many antibiotics can also make your INR go up. Get your INR checked soon after you start or stop one.' : '',
      ]
        .filter(Boolean)
        .join(' ');
    case 'bleeding-risk-supplement': {
      const names = medicineNames(finding, BLEEDING_SUPPLEMENT);
      const thinner = finding.severity === 'warning';
      return [
        `You take ${names.length > 0 ? listWords(names) : 'a supplement'}. It can make you bleed more easily.`,
        thinner ? 'This matters more with your blood thinner. Ask your doctor before you take it.' : 'Tell your doctor you take it.',
        finding.triggeredBy.some((t) => /nattokinase/i.test(t)) ? 'Nattokinase pills may have K2 in them too. Check the label.' : '',
      ]
        .filter(Boolean)
        .join(' ');
    }
    case 'enzyme-inducing-anticonvulsant': {
      const names = medicineNames(finding);
      const what = names.length > 0 ? listWords(names) : 'your seizure medicine';
      return [
        ctx.pregnancy === 'pregnant' ? `You take ${what} and you are pregnant. This medicine can lower vitamin K in your baby. Ask your doctors about vitamin K for your baby at birth. Do not take K2 for this on your own.` : '',
        body.safety.some((s) => s.code === 'vka-interaction') ? `${sentenceCase(what)} can make your blood thinner work less well. Get your INR checked when this medicine starts, stops or changes.` : '',
        finding.severity === 'info' ? `You take ${what}. Tell your doctor about it before you start K2.` : '',
      ]
        .filter(Boolean)
        .join(' ');
    }
    case 'tyrosine-kinase-inhibitor': {
      const names = medicineNames(finding, KINASE_INHIBITOR);
      const what = names.length > 0 ? listWords(names) : 'your cancer medicine';
      const dasatinib = finding.triggeredBy.some((t) => /dasatinib/i.test(t));
      const imatinib = finding.triggeredBy.some((t) => /imatinib/i.test(t));
      return [
        `You take ${what}. K2 is not known to change how it works.`,
        dasatinib ? 'Take antacids 2 hours before or 2 hours after dasatinib.' : '',
        imatinib && body.safety.some((s) => s.code === 'vka-interaction') ? 'Imatinib can make warfarin stronger. Your doctors may choose a different blood thinner.' : '',
        finding.severity === 'warning' && !imatinib ? 'With your blood thinner, you may bleed more easily. Tell both doctors about each medicine.' : '',
        'Ask your cancer doctor before you start any supplement.',
      ]
        .filter(Boolean)
        .join(' ');
    }
    case 'vitamin-d-high-level':
      return 'Your vitamin D level is high. Do not take more vitamin D. Ask your doctor to check the calcium in your blood.';
    case 'fat-malabsorption':
      return 'Your body may not take in some vitamins well. A health problem or a medicine can cause this. Your doctor can check if you need more vitamin K or D.';
    case 'vitamin-d-above-ul': {
      const iu = ctx.normalized.vitaminDIuPerDay;
      const ul = vitaminDUpperLimit(ctx.age).iu;
      const atAge = ctx.age < 9 ? ' at this age' : '';
      if (ctx.vitaminD.supervisedCourse === true)
        return `You take ${iu !== null ? `${formatNumber(iu)} units` : 'a lot'} of vitamin D a day on a plan from the doctor. This can fix low vitamin D. It is more than the daily limit of ${formatNumber(ul)} units, but that limit is for use on your own. This is not an overdose. Get the blood tests for vitamin D and calcium that the doctor plans.`;
      return `You take ${iu !== null ? `${formatNumber(iu)} units` : 'a lot'} of vitamin D a day. That is more than the upper limit of ${formatNumber(ul)} units a day${atAge} for use without a doctor's care. Too much can raise the calcium in the blood. K2 does not make it safe. Ask the doctor about a lower dose.`;
    }
    case 'mk4-pharmacologic-dose':
      return ctx.normalized.supplements.some((s) => s.kind === 'k2-mk7' && s.amountMcg !== null && s.amountMcg >= K2_PHARMACOLOGIC_MCG)
        ? 'The K2 dose on your list is more than any dose tested in studies. Check if the label says mcg or mg. One mg is 1,000 mcg. Show the label to your pharmacist.'
        : 'The K2 dose on your list looks very high. It may be a mix-up. Check if the label says mcg or mg. One mg is 1,000 mcg. Show the label to your pharmacist.';
    case 'kidney-disease':
      return 'You have kidney disease. Studies of K2 in kidney disease did not show a clear gain. Make this choice with your kidney doctor.';
    case 'vitamin-d-deficiency':
      return 'Your vitamin D level is low. Ask your doctor how to fix it. K2 does not fix low vitamin D.';
    case 'doac-no-interaction': {
      const names = medicineNames(finding);
      return `Your blood thinner${names.length > 0 ? `, ${listWords(names)},` : ''} does not work through vitamin K. K2 is not expected to change how it works.`;
    }
    case 'antiplatelet-no-interaction': {
      const names = medicineNames(finding);
      return `${names.length > 0 ? sentenceCase(listWords(names)) : 'Your medicine to stop clots'} is not known to mix badly with vitamin K.`;
    }
    case 'vitamin-k-low-status':
      return `You may not get enough vitamin K. More greens and other foods with vitamin K can help.${body.safety.some((s) => s.code === 'vka-interaction') ? ' Talk to your clinic before you eat more.' : ''}`;
    case 'medication-not-screened': {
      // The fail-safe rule: name each medicine that could not be checked (clipped, so a long free text stays readable).
      const names = uncheckedNames([finding], body);
      const it = names.length === 1 ? 'it' : 'them';
      return `We could not check ${listWords(names)} for a link with K2. Do not start K2 until you ask your doctor or pharmacist about ${it}.`;
    }
    case 'medication-unconfirmed-match': {
      const names = uncheckedNames([finding], body);
      const critical = finding.severity === 'critical';
      return `We could not be sure what ${listWords(names)} is.${critical ? ' It may be a blood thinner.' : ''} Do not start K2 until your doctor or pharmacist checks it.`;
    }
    case 'heparin-no-interaction': {
      const names = medicineNames(finding);
      return `Your blood thinner${names.length > 0 ? `, ${listWords(names)},` : ''} does not work through vitamin K. K2 is not expected to change how it works.`;
    }
    default:
      return undefined;
  }
}

/** The medicines the unsure findings are about, as typed (each at most 40 characters), in quotes. */
function uncheckedNames(findings: SafetyFinding[], body: Body): string[] {
  const names = unsureMedicationIndexes(findings).map((i) => body.context.medications[i]?.name ?? 'one of your medicines');
  return names.map((n) => `"${n.length > 40 ? `${n.slice(0, 37)}…` : n}"`);
}

/**
 * "When to call" (issue 14): the warning signs of bleeding, for anyone whose report involves a blood thinner — a
 * vitamin K antagonist, a direct oral anticoagulant or a heparin. Sources (content/sources.json, both verified):
 * healthywa-warfarin-bleeding (the signs to contact a doctor for right away) and rotherham-life-with-anticoagulation
 * (every anticoagulant: emergency care for bleeding that is heavy or lasts 20–30 minutes, or a head injury).
 */
export const WHEN_TO_CALL_SOURCES = ['healthywa-warfarin-bleeding', 'rotherham-life-with-anticoagulation'] as const;
const BLOOD_THINNER_CODES: ReadonlySet<string> = new Set(['vka-interaction', 'doac-no-interaction', 'heparin-no-interaction']);

const BLOOD_THINNER_CLASSES: ReadonlySet<string> = new Set(['vka', 'doac', 'heparin']);

/**
 * A blood thinner is taken — or may be (fail-safe): a medicine that could not be confirmed whose nearest guess is a
 * blood thinner ("warfrin") gets the warning signs too, since the handout cannot rule it out.
 */
export function involvesBloodThinner(body: Pick<Body, 'safety'> & Partial<Pick<Body, 'medicationScreening'>>): boolean {
  if (body.safety.some((s) => BLOOD_THINNER_CODES.has(s.code))) return true;
  return (body.medicationScreening ?? []).some((m) => m.status !== 'recognised' && m.guesses.some((g) => g.medicationClass !== undefined && BLOOD_THINNER_CLASSES.has(g.medicationClass)));
}

function whenToCall(body: Body): string {
  if (!involvesBloodThinner(body)) return '';
  const child = forParent(body);
  const who = child ? 'your child bleeds' : 'you bleed';
  return [
    `When to call: call your clinic right away if ${who} more than usual.`,
    'This can be a cut or a nosebleed that will not stop.',
    'It can be pink, red or brown pee, or red or black poo.',
    'It can be blood when coughing or throwing up, or dark vomit.',
    'It can be a bad bruise, or one that gets bigger.',
    'It can be a bad headache, or feeling dizzy.',
    `Go to the emergency room if bleeding is heavy or goes on for 20 to 30 minutes. Go if ${child ? 'your child hits their' : 'you hit your'} head hard, even if ${child ? 'they seem' : 'you feel'} fine.`,
  ].join(' ');
}

function safetySection(body: Body): string {
  const serious = body.safety.filter((s) => s.severity === 'critical' || s.severity === 'warning');
  const info = body.safety.filter((s) => s.severity === 'info');
  const lines: string[] = [];
  // Fail-safe: when a medicine could not be checked the answer is never "no problem found".
  if (serious.some((s) => s.code === 'vka-interaction' || (s.code === 'medication-unconfirmed-match' && s.severity === 'critical'))) lines.push('No, not without your doctor.');
  else if (isUnsure(body.safety)) lines.push('We do not know yet. We could not check all of your medicines.');
  else if (serious.length > 0) lines.push('Maybe, but first read this.');
  else lines.push('We did not find a safety problem for you. This is based on what you told us.');
  for (const finding of [...serious, ...info]) {
    const text = plainSafety(finding, body);
    if (text) lines.push(text);
  }
  return lines.join('\n');
}

function verdictSentence(goal: GoalFinding): string {
  if (goal.verdict === 'supported') return 'Studies suggest K2 may help.';
  if (goal.verdict === 'not-supported') return goal.goal === 'blood-cancer' ? 'There is no proof that K2 prevents or treats blood cancer.' : 'Studies do not show that K2 helps.';
  return 'We do not know yet if K2 helps.';
}

function levelSentence(goal: GoalFinding): string {
  const words = GOAL_WORDS[goal.goal];
  switch (goal.bestOutcomeLevel) {
    case 'hard':
      if (goal.verdict === 'supported') return `Studies counted ${words.hard} and found fewer.`;
      if (goal.verdict === 'not-supported') return `Studies that counted ${words.hard} found no clear gain.`;
      return `A few studies counted ${words.hard}. The results were mixed.`;
    case 'surrogate':
      return words.surrogate;
    case 'mechanistic':
      return 'Most of what we know comes from lab and animal studies, not from people.';
    default:
      return 'There are no good studies on this in people.';
  }
}

function certaintySentence(goal: GoalFinding): string {
  if (goal.certainty === 'high') return 'The studies are strong.';
  if (goal.certainty === 'moderate') return 'The studies are fair, but not the last word.';
  return 'The studies are few or small, so we cannot be sure.';
}

function researchSection(body: Body): string {
  if (body.goals.length === 0) return 'We have no studies to tell you about for your question.';
  return body.goals.map((g) => `${GOAL_WORDS[g.goal].label}: ${verdictSentence(g)} ${levelSentence(g)} ${certaintySentence(g)}`).join('\n');
}

function doseSection(body: Body): string {
  const ctx = body.context;
  const minerals = ctx.supplements.some((s) => s.kind === 'calcium' || s.kind === 'magnesium' || s.kind === 'multivitamin');
  switch (body.dose.recommendation) {
    case 'avoid':
      return 'Do not take it unless your doctor says so. Your doctor and your blood thinner clinic should make this choice with you.';
    case 'food-first': {
      const ai = adequateIntakeMcg(ctx).mcg;
      return [
        'Get your vitamin K from food, not pills.',
        ai !== null ? `You need about ${ai} mcg a day. The word mcg means micrograms, a tiny unit.` : 'At your age you need only a small amount each day.',
        'Greens and other foods give you this.',
      ].join(' ');
    }
    case 'discuss':
      return isUnsure(body.safety)
        ? 'Talk with your doctor first. We could not check all of your medicines, so we do not give a dose. Do not start it on your own.'
        : 'Talk with your doctor first. Your health makes this a choice to make together. Do not start it on your own.';
    default: {
      const mcg = body.dose.suggestedDailyMcg ?? 90;
      return [
        `If you take it, a low dose is enough: about ${mcg} mcg a day of the form called MK-7.`,
        'The word mcg means micrograms, a tiny unit.',
        'This dose is not proven to help your heart or bones. It is close to what you need each day.',
        'Pick a brand that an outside lab has tested. Check that the label says mcg, not mg.',
        minerals ? 'K2 can break down when it is mixed with calcium or other minerals. A K2 pill on its own may be best.' : '',
      ]
        .filter(Boolean)
        .join(' ');
    }
  }
}

function foodSection(body: Body): string {
  const ctx = body.context;
  const onVka = body.safety.some((s) => s.code === 'vka-interaction');
  const estimate = body.diet.estimatedK2McgPerDay;
  return [
    'Natto has the most K2 by far. Natto is a dish of fermented soybeans.',
    'Cheese and eggs have a little K2. Greens like spinach and kale have vitamin K1, the other main form.',
    ctx.diet === undefined ? 'You did not tell us what you eat.' : estimate !== null && estimate !== undefined ? `From what you told us, you get about ${formatNumber(estimate)} mcg of K2 a day from food.` : '',
    ctx.diet?.pattern === 'vegan' ? 'Natto is the best vegan source of K2.' : '',
    onVka ? 'You take a blood thinner. So do not eat natto, and keep the greens you eat about the same each week.' : '',
    onVka && ctx.diet && ctx.diet.natto !== 'never' ? 'You eat natto now. Ask your clinic how to stop.' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function questionsSection(body: Body): string {
  const ctx = body.context;
  const codes = new Set(body.safety.map((s) => s.code));
  const questions = ['Is K2 right for me?', 'Will it change how my medicines work?'];
  if (codes.has('vka-interaction')) questions.push('Should my INR be checked more often?');
  if (isUnsure(body.safety)) questions.push('Can you check all of my medicines for a link with K2?');
  if (codes.has('vitamin-d-deficiency') || codes.has('vitamin-d-above-ul') || ctx.normalized.vitaminDNgPerMl === null) questions.push('Is my vitamin D level okay?');
  if (codes.has('pregnancy-lactation') || codes.has('pediatric')) questions.push('How much vitamin K should I get from food?');
  if (codes.has('kidney-disease')) questions.push('What does my kidney doctor think?');
  if (body.dose.recommendation === 'conservative') questions.push('Which brand do you trust?');
  if (forParent(body)) return questions.map((q) => q.replace('right for me', 'right for my child').replace(/\bmy (medicines|INR|vitamin D level|kidney doctor)/, 'my child’s $1').replace('should I get', 'should my child get').replace('all of my medicines', 'all of my child’s medicines')).join('\n');
  return questions.join('\n');
}

/** The plain-language handout for the patient, in the SPEC section order, with its Flesch-Kincaid reading grade. */
export function buildHandout(body: Omit<ReportBody, 'handout'>): Handout {
  const safety = [[safetySection(body), ...counsellingLines(body)].join(' '), whenToCall(body)].filter(Boolean).join('\n');
  const bodies = [aboutSection(body), safety, researchSection(body), doseSection(body), foodSection(body), questionsSection(body)];
  const sections = HANDOUT_HEADINGS.map((heading, i) => ({ heading, body: bodies[i]! }));
  const grade = readingGrade(sections.map((s) => `${s.heading}\n${s.body}`).join('\n'));
  return { title: HANDOUT_TITLE, sections, readingGrade: grade };
}
