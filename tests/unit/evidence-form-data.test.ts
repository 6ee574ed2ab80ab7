import { describe, expect, it } from 'vitest';
import { entryFromFormData, formValuesFromEntry, formValuesFromFormData, issuesByPath, parseEntryForm, rowCount } from '@/components/evidence/form-data';
import { withEntryIds, readImportInput } from '@/components/evidence/import-input';
import { ListParamsSchema, listParamsQuery } from '@/components/evidence/list-params';
import { kindFromSlug, pathLabel } from '@/components/evidence/descriptors';
import { ENTRY_SCHEMAS, type MedicationEntryData, type TrialData } from '@/lib/domain/evidence/schemas';

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
  return data;
}

/** A trial form as a curator fills it in, with the untouched optional inputs submitted empty (as a browser does). */
const TRIAL_FORM: Record<string, string | string[]> = {
  _kind: 'trial',
  id: 'knapen-2013',
  title: '  Three-year low-dose menaquinone-7 supplementation helps decrease bone loss  ',
  shortLabel: 'Knapen 2013',
  year: '2013',
  'citation.doi': '10.1007/s00198-013-2325-6',
  'citation.pmid': '23525894',
  'citation.url': '',
  'citation.journal': 'Osteoporos Int 2013',
  'verification.status': 'verified',
  'verification.note': 'Checked against the abstract on PubMed.',
  design: 'rct',
  designNote: 'double-blind, placebo-controlled',
  'population.description': 'Healthy postmenopausal women',
  'population.n': '244',
  'population.ageMin': '55',
  'population.ageMax': '65',
  'population.ageMean': '',
  'population.sex': 'female',
  'population.conditions': ['postmenopausal'],
  'population.country': 'Netherlands',
  'intervention.form': 'MK-7',
  'intervention.doseAmount': '180',
  'intervention.doseUnit': 'mcg',
  'intervention.frequency': 'daily',
  'intervention.durationMonths': '36',
  'intervention.coInterventions': '\n  calcium \r\n\n vitamin D3  \n',
  'intervention.description': '',
  comparator: 'placebo',
  'outcomes.0.name': 'Bone mineral density (lumbar spine)',
  'outcomes.0.type': 'surrogate',
  'outcomes.0.result': 'Less decline than placebo.',
  'outcomes.0.direction': 'benefit',
  'outcomes.0.effect.measure': '',
  'outcomes.0.effect.value': '',
  'outcomes.0.effect.ciLow': '',
  'outcomes.0.effect.ciHigh': '',
  'outcomes.0.effect.pValue': '',
  'outcomes.1.name': 'Vertebral fractures',
  'outcomes.1.type': 'hard',
  'outcomes.1.result': 'Too few to compare.',
  'outcomes.1.direction': 'no-difference',
  'outcomes.1.effect.measure': 'RR',
  'outcomes.1.effect.value': '0,8',
  'outcomes.1.effect.ciLow': '0.4',
  'outcomes.1.effect.ciHigh': '1.6',
  'outcomes.1.effect.pValue': '.5',
  goals: ['bone'],
  'certainty.grade': 'moderate',
  'certainty.downgradeReasons': 'surrogate outcomes\nsingle trial',
  funding: '',
  notes: '',
};

/** A medication form: two brand rows (the first one removed and re-added, so indices have a gap), codes as pasted. */
const MEDICATION_FORM: Record<string, string | string[]> = {
  _kind: 'medication',
  id: 'warfarin',
  ingredient: ' warfarin ',
  medicationClass: 'vka',
  interactionId: 'vka-warfarin',
  synonyms: 'warfarin sodium\r\n\nwarfarine\n',
  'brands.0.name': 'Coumadin',
  'brands.0.countries': 'us, ca',
  'brands.0.status': 'checked',
  'brands.0.checkedIn': 'DailyMed SPL, Coumadin (BMS)',
  'brands.2.name': 'Marevan',
  'brands.2.countries': 'GB;AU',
  'brands.2.status': 'unchecked',
  'brands.2.checkedIn': '',
  'rxnorm.ingredients': '11289\n202421',
  'rxnorm.clinicalDrugs': '855332, 855338,\n855344',
  'rxnorm.brandedDrugs': '',
  atc: 'b01aa03',
  'citations.0.kind': 'source',
  'citations.0.id': 'ods-fact-sheet',
  'verification.status': 'verified',
  'verification.note': 'DailyMed and RxNav.',
  notes: '',
};

describe('entryFromFormData', () => {
  it('builds a trial: numbers parsed, text trimmed, empty optional fields omitted, line lists split', () => {
    const { entry, issues } = entryFromFormData('trial', form(TRIAL_FORM));
    expect(issues).toEqual([]);
    expect(entry.title).toBe('Three-year low-dose menaquinone-7 supplementation helps decrease bone loss');
    expect(entry.year).toBe(2013);
    expect(entry.citation).toEqual({ doi: '10.1007/s00198-013-2325-6', pmid: '23525894', journal: 'Osteoporos Int 2013' });
    expect(entry.population).toEqual({
      description: 'Healthy postmenopausal women',
      n: 244,
      ageMin: 55,
      ageMax: 65,
      sex: 'female',
      conditions: ['postmenopausal'],
      country: 'Netherlands',
    });
    expect(entry.intervention).toMatchObject({ doseAmount: 180, doseUnit: 'mcg', durationMonths: 36, coInterventions: ['calcium', 'vitamin D3'] });
    expect(entry.intervention).not.toHaveProperty('description');
    expect(entry).not.toHaveProperty('funding');
    expect(entry).not.toHaveProperty('_kind');
    const outcomes = entry.outcomes as Array<Record<string, unknown>>;
    expect(outcomes).toHaveLength(2);
    // An effect with every input empty is "no effect estimate", not an object of missing fields.
    expect(outcomes[0]).not.toHaveProperty('effect');
    expect(outcomes[1]!.effect).toEqual({ measure: 'RR', value: 0.8, ciLow: 0.4, ciHigh: 1.6, pValue: 0.5 });
    expect(entry.goals).toEqual(['bone']);
    expect(entry.certainty).toEqual({ grade: 'moderate', downgradeReasons: ['surrogate outcomes', 'single trial'] });
    expect(ENTRY_SCHEMAS.trial.safeParse(entry).success).toBe(true);
  });

  it('reports a number that is not one under its path, and leaves the field out', () => {
    const { entry, issues } = entryFromFormData('trial', form({ ...TRIAL_FORM, year: '20l3', 'population.n': 'about 200', 'outcomes.1.effect.value': 'n/a' }));
    expect(issues.map((i) => i.path)).toEqual(['year', 'population.n', 'outcomes.1.effect.value']);
    expect(issues[0]!.message).toContain('20l3');
    expect(entry).not.toHaveProperty('year');
    expect(entry.population).not.toHaveProperty('n');
  });

  it('accepts thousands separators as spaces and a decimal comma, and refuses other junk', () => {
    const { entry, issues } = entryFromFormData('trial', form({ ...TRIAL_FORM, 'population.n': '1 200', 'population.ageMean': '61,5', 'intervention.doseAmount': '1e2' }));
    expect(issues).toEqual([]);
    expect((entry.population as Record<string, unknown>).n).toBe(1200);
    expect((entry.population as Record<string, unknown>).ageMean).toBe(61.5);
    expect((entry.intervention as Record<string, unknown>).doseAmount).toBe(100);
    for (const junk of ['1,2,3', '12abc', '--1', 'Infinity', '0x10']) {
      expect(entryFromFormData('trial', form({ ...TRIAL_FORM, year: junk })).issues.map((i) => i.path), junk).toEqual(['year']);
    }
  });

  it('numbers the rows by position, whatever indices the form submitted (rows removed in between)', () => {
    const values = formValuesFromFormData(
      form({ _kind: 'claim', 'citations.0.kind': 'trial', 'citations.0.id': 'a-2019', 'citations.3.kind': 'source', 'citations.3.id': ' b-fact-sheet ' }),
    );
    const { entry } = entryFromFormData('claim', values);
    expect(entry.citations).toEqual([
      { kind: 'trial', id: 'a-2019' },
      { kind: 'source', id: 'b-fact-sheet' },
    ]);
  });

  it('gives empty lists for unchecked checkbox groups, empty line lists and no rows', () => {
    const { entry } = entryFromFormData('interaction', form({ substance: 'Warfarin', genericNames: '  \n ', brandNames: '' }));
    expect(entry).toMatchObject({ substance: 'Warfarin', genericNames: [], brandNames: [], citations: [] });
    expect(entryFromFormData('claim', form({})).entry).toMatchObject({ goals: [], contexts: [], citations: [] });
  });

  it('keeps inner line breaks of long text and drops CR', () => {
    const { entry } = entryFromFormData('source', form({ summary: ' First line.\r\nSecond line. ' }));
    expect(entry.summary).toBe('First line.\nSecond line.');
  });

  it('ignores fields it does not know (React action ids, injected keys)', () => {
    const { entry } = entryFromFormData('source', form({ $ACTION_ID_abc: 'x', isAdmin: 'true', 'citation.evil': 'x', title: 'T' }));
    expect(entry).toEqual({ title: 'T', citation: {}, verification: {} });
  });
});

describe('formValuesFromEntry', () => {
  it('round-trips every field of a trial through the form', () => {
    const trial = ENTRY_SCHEMAS.trial.parse(entryFromFormData('trial', form(TRIAL_FORM)).entry) as TrialData;
    const values = formValuesFromEntry('trial', trial);
    expect(values['population.n']).toEqual(['244']);
    expect(values['intervention.coInterventions']).toEqual(['calcium\nvitamin D3']);
    expect(values['outcomes.1.effect.value']).toEqual(['0.8']);
    expect(values.goals).toEqual(['bone']);
    expect(values).not.toHaveProperty('funding');
    expect(rowCount(values, 'outcomes')).toBe(2);
    expect(ENTRY_SCHEMAS.trial.parse(entryFromFormData('trial', values).entry)).toEqual(trial);
  });

  it('builds a medication: brand rows renumbered, codes split on commas, semicolons and lines and upper-cased', () => {
    const { entry, issues } = entryFromFormData('medication', form(MEDICATION_FORM));
    expect(issues).toEqual([]);
    expect(entry).toEqual({
      id: 'warfarin',
      ingredient: 'warfarin',
      medicationClass: 'vka',
      interactionId: 'vka-warfarin',
      synonyms: ['warfarin sodium', 'warfarine'],
      brands: [
        { name: 'Coumadin', countries: ['US', 'CA'], status: 'checked', checkedIn: 'DailyMed SPL, Coumadin (BMS)' },
        { name: 'Marevan', countries: ['GB', 'AU'], status: 'unchecked' },
      ],
      rxnorm: { ingredients: ['11289', '202421'], clinicalDrugs: ['855332', '855338', '855344'], brandedDrugs: [] },
      atc: ['B01AA03'],
      citations: [{ kind: 'source', id: 'ods-fact-sheet' }],
      verification: { status: 'verified', note: 'DailyMed and RxNav.' },
    });
    expect(ENTRY_SCHEMAS.medication.safeParse(entry).success).toBe(true);
  });

  it('round-trips every field of a medication through the form', () => {
    const medication = ENTRY_SCHEMAS.medication.parse({ ...entryFromFormData('medication', form(MEDICATION_FORM)).entry, notes: 'Salts differ by country.' }) as MedicationEntryData;
    const values = formValuesFromEntry('medication', medication);
    expect(values['rxnorm.clinicalDrugs']).toEqual(['855332, 855338, 855344']);
    expect(values['brands.1.countries']).toEqual(['GB, AU']);
    expect(values).not.toHaveProperty('brands.1.checkedIn');
    expect(rowCount(values, 'brands')).toBe(2);
    expect(ENTRY_SCHEMAS.medication.parse(entryFromFormData('medication', values).entry)).toEqual(medication);
  });

  it('round-trips a claim with several citations', () => {
    const claim = {
      id: 'k2-dissolves-plaque',
      claim: 'Vitamin K2 dissolves arterial plaque.',
      verdict: 'unsupported' as const,
      correction: 'No trial has shown regression of calcification.',
      goals: ['cardiovascular' as const],
      contexts: ['coronary-calcium'],
      citations: [
        { kind: 'trial' as const, id: 'zwakenberg-2019' },
        { kind: 'source' as const, id: 'ods-fact-sheet' },
      ],
      verification: { status: 'unverified' as const, note: 'Not yet checked.' },
    };
    expect(entryFromFormData('claim', formValuesFromEntry('claim', claim)).entry).toEqual(claim);
  });
});

describe('parseEntryForm', () => {
  it('returns the valid entry', () => {
    const result = parseEntryForm('trial', form(TRIAL_FORM));
    expect(result.ok).toBe(true);
  });

  it('returns every issue by the path of its input, in readable words, each path once', () => {
    const result = parseEntryForm(
      'trial',
      form({
        ...TRIAL_FORM,
        id: 'Knapen 2013',
        year: 'twenty',
        'citation.doi': 'https://doi.org/10.1/x',
        'population.ageMin': '70',
        'population.ageMax': '60',
        'population.n': '0',
        'intervention.doseUnit': '',
        'outcomes.1.result': '',
        'outcomes.1.effect.measure': '',
        goals: [],
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const fields = issuesByPath(result.issues);
    expect(Object.keys(fields).sort()).toEqual(
      ['citation.doi', 'goals', 'id', 'intervention.doseUnit', 'outcomes.1.effect.measure', 'outcomes.1.result', 'population.ageMax', 'population.n', 'year'].sort(),
    );
    // The conversion's message wins over the schema's "missing" for the same input.
    expect(fields.year).toEqual(['Enter a number (you typed “twenty”).']);
    expect(fields['population.n']).toEqual(['At least 1 participant.']);
    expect(fields['citation.doi']![0]).toContain('no https://doi.org/ prefix');
    expect(fields['intervention.doseUnit']).toEqual(['Give both the dose amount and its unit, or neither.']);
  });

  it('rewrites zod built-in messages', () => {
    const result = parseEntryForm('trial', form({ ...TRIAL_FORM, 'population.ageMean': '130', 'population.ageMin': '2.5', 'outcomes.1.effect.value': '', 'outcomes.1.effect.pValue': '2' }));
    if (result.ok) throw new Error('expected issues');
    const fields = issuesByPath(result.issues);
    expect(fields['population.ageMean']).toEqual(['Enter 120 or less.']);
    expect(fields['population.ageMin']).toEqual(['Enter a whole number.']);
    expect(fields['outcomes.1.effect.value']).toEqual(['Enter a number.']);
    expect(fields['outcomes.1.effect.pValue']).toEqual(['Enter 1 or less.']);
  });

  it('reports an empty form of each kind field by field, never as one form-level error', () => {
    for (const kind of ['trial', 'claim', 'interaction', 'source', 'medication'] as const) {
      const result = parseEntryForm(kind, form({}));
      if (result.ok) throw new Error(`${kind}: expected issues`);
      expect(result.issues.length, kind).toBeGreaterThan(2);
      expect(result.issues.every((i) => i.path && i.path !== '_form'), kind).toBe(true);
      expect(result.issues.some((i) => i.path === 'id'), kind).toBe(true);
    }
  });

  it('accepts a minimal source and rejects an RxCUI that is not a number', () => {
    const source = parseEntryForm('source', form({ id: 'ods-k', title: 'Vitamin K fact sheet', kind: 'fact-sheet', 'verification.status': 'verified', 'verification.note': 'Read it.', summary: 'Intakes.' }));
    expect(source).toMatchObject({ ok: true, entry: { id: 'ods-k', citation: {} } });
    const interaction = parseEntryForm(
      'interaction',
      form({
        id: 'warfarin',
        substance: 'Warfarin',
        drugClass: 'vitamin K antagonist',
        genericNames: 'warfarin',
        rxnormIngredients: '11289\nabc',
        effect: 'Vitamin K lowers the INR.',
        safetyCode: 'vka-interaction',
        severity: 'critical',
        advice: 'Do not start without the anticoagulation clinic.',
        'citations.0.kind': 'source',
        'citations.0.id': 'ods-k',
        'verification.status': 'verified',
        'verification.note': 'Label.',
      }),
    );
    if (interaction.ok) throw new Error('expected issues');
    expect(interaction.issues).toEqual([{ path: 'rxnormIngredients.1', message: 'An RxCUI is a number.' }]);
  });
});

describe('parseEntryForm of a medication', () => {
  it('reports a checked brand without its place, a bad country, ATC code or RxCUI, and a missing interaction entry, by path', () => {
    const result = parseEntryForm(
      'medication',
      form({ ...MEDICATION_FORM, interactionId: '', 'brands.2.status': 'checked', 'brands.0.countries': 'US, USA', atc: 'B01AA03 B1AA', 'rxnorm.ingredients': '11289, x1' }),
    );
    if (result.ok) throw new Error('expected issues');
    expect(issuesByPath(result.issues)).toEqual({
      interactionId: ['Give the interaction entry this medicine belongs to.'],
      'brands.0.countries.1': ['A country is an ISO 3166 code such as US, GB, FR, CA, AU, IN, JP, or EU.'],
      'brands.1.checkedIn': ['A checked brand names where it was checked.'],
      'rxnorm.ingredients.1': ['An RxCUI is a number.'],
      'atc.1': ['An ATC code looks like B01AA03.'],
    });
  });

  it('needs no interaction entry for a medicine with no known interaction', () => {
    const result = parseEntryForm('medication', form({ ...MEDICATION_FORM, medicationClass: 'no-known-interaction', interactionId: '' }));
    expect(result).toMatchObject({ ok: true, entry: { medicationClass: 'no-known-interaction' } });
    expect(result.ok && result.entry).not.toHaveProperty('interactionId');
  });
});

describe('the list page parameters', () => {
  it('keeps valid filters and drops bad ones instead of failing', () => {
    expect(ListParamsSchema.parse({ q: ' knapen ', status: 'published', goal: 'bone', verification: 'verified', facet: 'outcome:hard', page: '2' })).toEqual({
      q: 'knapen',
      status: 'published',
      goal: 'bone',
      verification: 'verified',
      facet: 'outcome:hard',
      page: 2,
    });
    expect(ListParamsSchema.parse({ q: '', status: 'gone', goal: ['bone', 'x'], facet: 'DROP TABLE', page: '-3' })).toEqual({
      q: undefined,
      status: undefined,
      goal: 'bone',
      verification: undefined,
      facet: undefined,
      page: 1,
    });
    expect(listParamsQuery({ q: 'k2 mk-7', facet: 'design:rct', page: 1 })).toBe('q=k2+mk-7&facet=design%3Arct');
  });

  it('knows the five kinds and nothing else', () => {
    expect(['trials', 'claims', 'interactions', 'sources', 'medications'].map(kindFromSlug)).toEqual(['trial', 'claim', 'interaction', 'source', 'medication']);
    expect(kindFromSlug('toString')).toBeNull();
    expect(kindFromSlug('trial')).toBeNull();
  });

  it('names paths for people', () => {
    expect(pathLabel('outcomes.0.effect.ciLow')).toBe('Outcomes 1 › effect › ci low');
    expect(pathLabel('population.n')).toBe('Population › n');
  });
});

describe('import input', () => {
  it('reads pasted JSON, refuses both or neither, and names a syntax error', async () => {
    expect(await readImportInput(null, ' {"format":"k2-evidence/1"} ')).toEqual({ ok: true, data: { format: 'k2-evidence/1' } });
    expect(await readImportInput(null, '')).toMatchObject({ ok: false });
    const file = new File(['{"a":1}'], 'x.json', { type: 'application/json' });
    expect(await readImportInput(file, '')).toEqual({ ok: true, data: { a: 1 } });
    expect(await readImportInput(file, '{}')).toMatchObject({ ok: false, error: expect.stringContaining('also pasted') });
    expect(await readImportInput(new File(['{oops'], 'bad.json'), null)).toMatchObject({ ok: false, error: expect.stringContaining('“bad.json” is not valid JSON') });
  });

  it('adds the id of the entry an issue is about', () => {
    const input = { trials: [{ entry: { id: 'good' } }, { entry: { id: 'bad-one' } }] };
    expect(withEntryIds(input, [{ path: 'trials.1.entry.year', message: 'm' }, { path: 'format', message: 'f' }])).toEqual([
      { path: 'trials.1.entry.year', message: 'm', entryId: 'bad-one' },
      { path: 'format', message: 'f' },
    ]);
  });
});
