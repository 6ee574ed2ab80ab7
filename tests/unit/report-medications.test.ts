import { describe, expect, it } from 'vitest';
import { describeMatch, describeScreenedMedication, nameTokens, parseMatchTrace, plainMedicineName, screenedMedication, screenMedications } from '@/lib/domain/report/medications';
import { contentSnapshot } from '../support/content-snapshot';

const interactions = contentSnapshot().interactions;
const screen = (...meds: Array<string | { name: string; rxnorm?: string }>) => screenMedications(meds.map((m) => (typeof m === 'string' ? { name: m } : m)), interactions);

describe('screenMedications: names in free text', () => {
  it.each([
    ['Coumadin 5mg', 'warfarin', 'brand name', 'Coumadin'],
    ['warfarin sodium', 'warfarin', 'generic name', 'warfarin sodium'],
    ['WARFARIN 5 MG', 'warfarin', 'generic name', 'warfarin'],
    ['warfarin5mg', 'warfarin', 'generic name', 'warfarin'],
    ['Questran (cholestyramine)', 'bile-acid-sequestrants', 'generic name', 'cholestyramine'],
    ['Questran Light 4 g sachet', 'bile-acid-sequestrants', 'brand name', 'Questran Light'],
    ['Eliquis 5 mg twice daily', 'apixaban', 'brand name', 'Eliquis'],
    ['Sintrom 4 mg', 'acenocoumarol', 'brand name', 'Sintrom'],
    ['Mini-Sintrom 1mg', 'acenocoumarol', 'brand name', 'Mini-Sintrom'],
    ['Marcumar 3 mg', 'phenprocoumon', 'brand name', 'Marcumar'],
    ['Previscan 20mg', 'fluindione', 'brand name', 'Previscan'],
    ['mineral oil 15 mL at night', 'mineral-oil', 'generic name', 'mineral oil'],
    ['Acetylsalicylic acid 100 mg', 'aspirin', 'generic name', 'acetylsalicylic acid'],
    ['aspirin, 81 mg.', 'aspirin', 'generic name', 'aspirin'],
    ['Xarelto® 20 mg', 'rivaroxaban', 'brand name', 'Xarelto'],
    ['amoxicillin-clavulanate 875/125', 'antibiotics-long-course', 'generic name', 'amoxicillin-clavulanate'],
    ['Keflex 500 mg QID', 'cephalosporins', 'brand name', 'Keflex'],
    ['orlistat (Alli) 60 mg', 'orlistat', 'generic name', 'orlistat'],
  ])('%s → %s by %s (%s)', (name, interactionId, matchedBy, matchedText) => {
    const result = screen(name);
    expect(result.unscreened).toEqual([]);
    expect(result.matches).toHaveLength(1);
    expect(result.matches[0]).toMatchObject({ index: 0, name, interactionId, matchedBy, matchedText });
  });

  it('keeps severity and safety code from the entry', () => {
    const [m] = screen('Jantoven 2 mg').matches;
    expect(m).toMatchObject({ interactionId: 'warfarin', substance: 'Warfarin', safetyCode: 'vka-interaction', severity: 'critical' });
  });

  it('matches accents and odd punctuation the same way', () => {
    expect(screen('Warfarine (Coumadine?)').matches[0]?.interactionId).toBe('warfarin');
    expect(nameTokens('Questran®/Light—4g')).toEqual(['questran', 'light', '4', 'g']);
  });

  it('never matches inside another word', () => {
    const result = screen('aspirinate', 'Allicin garlic extract', 'benzylpenicillin', 'Ciprofloxacine-like', 'Couma', 'Sintromix');
    expect(result.matches).toEqual([]);
    // Not matches, but near misses are not dropped either: they are uncertain (the fail-safe rule applies).
    expect(result.unscreened.map((u) => u.index)).toEqual([0, 1, 2, 4]);
    expect(result.uncertain.map((u) => [u.index, u.guesses[0]?.matchedText])).toEqual([
      [3, 'ciprofloxacin'],
      [5, 'Sintrom'],
    ]);
  });

  it('finds every entry a combination product matches', () => {
    const result = screen('clopidogrel + aspirin 75/100 mg');
    expect(result.matches.map((m) => m.interactionId).sort()).toEqual(['aspirin', 'clopidogrel']);
    expect(result.unscreened).toEqual([]);
  });

  it('keeps one match per medication and entry, the most specific name', () => {
    const result = screen('warfarin sodium (Coumadin)');
    expect(result.matches).toHaveLength(1);
    expect(result.matches[0]).toMatchObject({ matchedBy: 'generic name', matchedText: 'warfarin sodium' });
  });
});

describe('screenMedications: RxNorm codes', () => {
  it('matches an RxNorm ingredient code whatever the name says', () => {
    const [m] = screen({ name: 'blood thinner from the hospital', rxnorm: '11289' }).matches;
    expect(m).toMatchObject({ interactionId: 'warfarin', matchedBy: 'RxNorm ingredient code', matchedText: '11289' });
  });

  it('matches an RxNorm product code (warfarin 5 mg tablet, 855332)', () => {
    const [m] = screen({ name: 'tablet', rxnorm: '855332' }).matches;
    expect(m).toMatchObject({ interactionId: 'warfarin', matchedBy: 'RxNorm product code', matchedText: '855332' });
  });

  it('matches DOAC and antiplatelet ingredient codes', () => {
    expect(screen({ name: 'x', rxnorm: '1364430' }).matches[0]?.interactionId).toBe('apixaban');
    expect(screen({ name: 'x', rxnorm: '32968' }).matches[0]?.interactionId).toBe('clopidogrel');
  });

  it('leaves an unknown code unscreened', () => {
    expect(screen({ name: 'something', rxnorm: '99999999' })).toMatchObject({ matches: [], unscreened: [{ index: 0, name: 'something' }], uncertain: [] });
  });
});

describe('screenMedications: unscreened medications', () => {
  it('lists every unknown medication by index and name, never dropping one', () => {
    const result = screen('atorvastatin 40 mg', 'Coumadin 5mg', 'metformin 500 mg', 'levothyroxine');
    expect(result.matches.map((m) => m.index)).toEqual([1]);
    expect(result.unscreened).toEqual([
      { index: 0, name: 'atorvastatin 40 mg' },
      { index: 2, name: 'metformin 500 mg' },
      { index: 3, name: 'levothyroxine' },
    ]);
  });

  it('returns nothing for no medications', () => {
    expect(screen()).toEqual({ matches: [], unscreened: [], uncertain: [], recognitions: [] });
  });
});

describe('trace lines', () => {
  it('describes a match and reads it back', () => {
    const [m] = screen('Coumadin "5mg"').matches;
    const line = describeMatch(m!);
    expect(line).toBe('medications[0] "Coumadin \\"5mg\\"": brand name "Coumadin" of Warfarin');
    expect(parseMatchTrace(line)).toEqual({ index: 0, name: 'Coumadin "5mg"', matchedBy: 'brand name', matchedText: 'Coumadin', substance: 'Warfarin' });
    expect(parseMatchTrace('age 15')).toBeUndefined();
  });

  it('gives the plain name a patient knows', () => {
    expect(plainMedicineName(screen('Coumadin 5mg').matches[0]!)).toBe('Coumadin (warfarin)');
    expect(plainMedicineName(screen('warfarin 5 mg').matches[0]!)).toBe('warfarin');
    expect(plainMedicineName(screen({ name: 'pill', rxnorm: '11289' }).matches[0]!)).toBe('warfarin');
  });
});

describe('describeScreenedMedication: what the report page and the clinician PDF say per medicine', () => {
  const snap = contentSnapshot();
  const line = (name: string): string => describeScreenedMedication(screenedMedication(screenMedications([{ name }], snap.interactions, snap.medications).recognitions[0]!));
  it('says what it matched, how and how sure; an unchecked brand says so', () => {
    expect(line('Coumadin 5 mg')).toMatch(/^warfarin \(vitamin K antagonist\) — by brand name "Coumadin", confidence 100%$/);
    expect(line('Uniwarfin 5')).toMatch(/by brand name "Uniwarfin" \(a brand not yet checked in a label or formulary\), confidence 99%/);
    expect(line('Jantovan')).toMatch(/^unconfirmed — looks like Jantoven \(warfarin, vitamin K antagonist; 1 letter off\)$/);
    expect(line('zorbexitol')).toBe('Not recognised: could not be checked for vitamin K interactions.');
  });
});
