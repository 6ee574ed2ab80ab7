import { describe, expect, it } from 'vitest';
import { diffEntries } from '@/lib/domain/evidence/diff';
import { evidenceVersionOf } from '@/lib/domain/evidence/evidence-version';
import { indexFields } from '@/lib/domain/evidence/index-fields';
import { ClaimSchema, ENTRY_KINDS, ENTRY_SCHEMAS, InteractionSchema, MedicationEntrySchema, TrialSchema, type MedicationEntryData, type TrialData } from '@/lib/domain/evidence/schemas';
import { validateEvidenceFile } from '@/lib/domain/evidence/validate';
import { claimEntry, interactionEntry, medicationEntry, sourceEntry, trialEntry } from '../fixtures/evidence';

const paths = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }): string[] =>
  (result.error?.issues ?? []).map((i) => i.path.join('.')).sort();

describe('TrialSchema', () => {
  it('accepts a complete trial', () => {
    expect(TrialSchema.safeParse(trialEntry()).success).toBe(true);
  });

  it('names every bad field by path', () => {
    const bad = trialEntry({
      id: 'Bad Id',
      year: 1850,
      citation: { doi: 'https://doi.org/10.1/x' },
      population: { description: '', sex: 'both', conditions: ['diabetes' as never] },
      intervention: { form: 'MK-7', doseAmount: 360, coInterventions: [] },
      outcomes: [{ name: 'CAC', type: 'soft' as never, result: 'x', direction: 'benefit' }],
      goals: [],
    });
    expect(paths(TrialSchema.safeParse(bad))).toEqual([
      'citation.doi',
      'goals',
      'id',
      'intervention.doseUnit',
      'outcomes.0.type',
      'population.conditions.0',
      'population.description',
      'year',
    ]);
  });

  it('refuses unknown fields, so a typo cannot silently drop data', () => {
    expect(paths(TrialSchema.safeParse({ ...trialEntry(), resluts: 'x' }))).toEqual(['']);
  });
});

describe('ClaimSchema and InteractionSchema', () => {
  it('require citations and a SPEC safety code', () => {
    expect(ClaimSchema.safeParse(claimEntry('nih-ods-vitamin-k')).success).toBe(true);
    expect(paths(ClaimSchema.safeParse({ ...claimEntry('x'), citations: [] }))).toEqual(['citations']);
    const interaction = {
      id: 'warfarin',
      substance: 'Warfarin',
      drugClass: 'vitamin K antagonist',
      genericNames: ['warfarin', 'warfarin sodium'],
      brandNames: ['Coumadin'],
      rxnormIngredients: ['11289'],
      rxnormProducts: [],
      effect: 'Vitamin K2 counteracts it.',
      safetyCode: 'vka-interaction',
      severity: 'critical',
      advice: 'Avoid.',
      citations: [{ kind: 'source', id: 'nih-ods-vitamin-k' }],
      verification: { status: 'verified', note: 'x' },
    };
    expect(InteractionSchema.safeParse(interaction).success).toBe(true);
    expect(paths(InteractionSchema.safeParse({ ...interaction, safetyCode: 'warfarin-bad', rxnormIngredients: ['RX11289'] }))).toEqual(['rxnormIngredients.0', 'safetyCode']);
  });
});

describe('validateEvidenceFile', () => {
  it('reports duplicate ids and unresolved citations with their paths', () => {
    const source = sourceEntry('nih-ods');
    const result = validateEvidenceFile({
      format: 'k2-evidence/1',
      sources: [{ entry: source }, { entry: source }],
      claims: [{ entry: claimEntry('missing-source') }],
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((i) => i.path)).toEqual(['sources.1.entry.id', 'claims.0.entry.citations.0.id']);
  });

  it('accepts citations to entries already in the database', () => {
    const result = validateEvidenceFile({ format: 'k2-evidence/1', claims: [{ entry: claimEntry('in-db') }] }, { trial: new Set(), source: new Set(['in-db']) });
    expect(result.ok).toBe(true);
  });

  it('rejects an unknown format', () => {
    expect(validateEvidenceFile({ format: 'other' }).ok).toBe(false);
  });

  it("checks a medication's interaction entry against the file and the database", () => {
    const source = sourceEntry('ods');
    const inFile = interactionEntry('ods', 'warfarin');
    const file = (medications: unknown[]) => ({ format: 'k2-evidence/1', sources: [{ entry: source }], interactions: [{ entry: inFile }], medications });
    expect(validateEvidenceFile(file([{ entry: medicationEntry('warfarin', 'ods') }])).ok).toBe(true);
    const unknown = validateEvidenceFile(file([{ entry: medicationEntry('acenocoumarol', 'ods') }, { entry: medicationEntry('warfarin', 'no-such-source') }]));
    expect(!unknown.ok && unknown.issues).toEqual([
      { path: 'medications.1.entry.citations.0.id', message: 'No source with id "no-such-source".' },
      { path: 'medications.0.entry.interactionId', message: 'No interaction entry with id "acenocoumarol".' },
    ]);
    const inDb = { format: 'k2-evidence/1', medications: [{ entry: medicationEntry('acenocoumarol', 'ods') }] };
    expect(validateEvidenceFile(inDb, { trial: new Set(), source: new Set(['ods']), interaction: new Set(['acenocoumarol']) }).ok).toBe(true);
  });
});

describe('MedicationEntrySchema', () => {
  it('is the schema of the medication kind', () => {
    expect(ENTRY_KINDS).toContain('medication');
    expect(ENTRY_SCHEMAS.medication).toBe(MedicationEntrySchema);
  });

  it('requires an interaction entry except for no-known-interaction, and a place for a checked brand', () => {
    expect(MedicationEntrySchema.safeParse(medicationEntry('warfarin', 'ods')).success).toBe(true);
    expect(paths(MedicationEntrySchema.safeParse(medicationEntry('warfarin', 'ods', { interactionId: undefined })))).toEqual(['interactionId']);
    expect(MedicationEntrySchema.safeParse(medicationEntry('warfarin', 'ods', { interactionId: undefined, medicationClass: 'no-known-interaction' })).success).toBe(true);
    const bad = medicationEntry('warfarin', 'ods', { brands: [{ name: 'Coumadin', countries: ['us'], status: 'checked' }], atc: ['B1AA03'], rxnorm: { ingredients: ['RX1'] } });
    expect(paths(MedicationEntrySchema.safeParse(bad))).toEqual(['atc.0', 'brands.0.checkedIn', 'brands.0.countries.0', 'rxnorm.ingredients.0']);
  });
});

describe('diffEntries', () => {
  it('lists changed, added and removed leaves by path', () => {
    const a = TrialSchema.parse(trialEntry({ id: 'x' })) as TrialData;
    const b = structuredClone(a);
    b.outcomes[0]!.result = 'Trend to harm.';
    b.outcomes.push({ name: 'CT calcium mass', type: 'surrogate', result: 'No difference.', direction: 'no-difference' });
    delete b.citation.journal;
    expect(diffEntries(a, b)).toEqual([
      { path: 'citation.journal', change: 'removed', before: 'Am J Clin Nutr 2019' },
      { path: 'outcomes.0.result', change: 'changed', before: 'No benefit.', after: 'Trend to harm.' },
      { path: 'outcomes.1.direction', change: 'added', after: 'no-difference' },
      { path: 'outcomes.1.name', change: 'added', after: 'CT calcium mass' },
      { path: 'outcomes.1.result', change: 'added', after: 'No difference.' },
      { path: 'outcomes.1.type', change: 'added', after: 'surrogate' },
    ]);
    expect(diffEntries(a, structuredClone(a))).toEqual([]);
  });
});

describe('evidence version and index fields', () => {
  it('is the same for the same published set in any order and changes with any version', () => {
    const set = [
      { kind: 'trial', id: 'a', version: 1 },
      { kind: 'claim', id: 'b', version: 2 },
    ];
    expect(evidenceVersionOf(set)).toBe(evidenceVersionOf([...set].reverse()));
    expect(evidenceVersionOf(set)).toMatch(/^ev-[0-9a-f]{12}$/);
    expect(evidenceVersionOf([{ kind: 'trial', id: 'a', version: 2 }, set[1]!])).not.toBe(evidenceVersionOf(set));
  });

  it('changes with a medication entry in the published set', () => {
    const set = [{ kind: 'interaction', id: 'warfarin', version: 1 }];
    expect(evidenceVersionOf([...set, { kind: 'medication', id: 'warfarin', version: 1 }])).not.toBe(evidenceVersionOf(set));
  });

  it('indexes a medication by ingredient and class, with every name and code searchable', () => {
    const medication = MedicationEntrySchema.parse(medicationEntry('warfarin', 'ods', { id: 'warfarin' })) as MedicationEntryData;
    const fields = indexFields('medication', medication);
    expect(fields).toMatchObject({ title: 'warfarin', label: 'vka', verification: 'verified', goals: [] });
    expect(fields.facets).toEqual(['class:vka', 'interaction:warfarin', 'verification:verified']);
    for (const word of ['warfarine', 'warfarin sodium', 'coumadin', 'marevan', '11289', '855332', '855302', 'b01aa03']) expect(fields.searchText, word).toContain(word);
    const none = indexFields('medication', MedicationEntrySchema.parse(medicationEntry('x', 'ods', { ingredient: 'paracetamol', medicationClass: 'no-known-interaction', interactionId: undefined, verification: { status: 'unverified', note: 'n' } })) as MedicationEntryData);
    expect(none.facets).toEqual(['class:no-known-interaction', 'verification:unverified']);
  });

  it('derives facets for filters from the entry', () => {
    const fields = indexFields('trial', TrialSchema.parse(trialEntry({ id: 'zwakenberg-2019' })) as TrialData);
    expect(fields.facets).toEqual(['condition:type-2-diabetes', 'design:rct', 'form:MK-7', 'outcome:surrogate', 'verification:verified']);
    expect(fields.searchText).toContain('10.1093/ajcn/nqz147');
    expect(fields.goals).toEqual(['cardiovascular']);
  });
});
