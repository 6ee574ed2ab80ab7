/**
 * FHIR import against the FHIR R4 specification's own examples (hl7.fhir.r4.examples 4.0.1, see
 * tests/support/hl7-examples.ts): every example Bundle that holds a Patient, and every example Patient, imports
 * without a field error, gives a context the report engine accepts, accounts for each resource it read (mapped or
 * ignored with a reason: nothing dropped silently), and never ages a deceased patient (Patient.deceased[x]) to today.
 */
import { describe, expect, it } from 'vitest';
import { ageOn, importFhirBundle } from '@/lib/domain/fhir/import-bundle';
import { parsePatientContext } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import { contentSnapshot } from '../support/content-snapshot';
import { hl7PatientBundles, hl7PatientExamples, resourcesOf } from '../support/hl7-examples';

const TODAY = '2026-12-02';
const bundles = hl7PatientBundles();
const patients = hl7PatientExamples();

describe('the FHIR R4 example records', () => {
  it('are there: at least five patient Bundles of four kinds, and example Patients of whom some have died', () => {
    expect(bundles.length).toBeGreaterThanOrEqual(5);
    expect(new Set(bundles.map(([, b]) => b.type)).size).toBeGreaterThanOrEqual(4);
    const died = patients.filter(([, b]) => resourcesOf(b).some((p) => p.deceasedDateTime || p.deceasedBoolean === true));
    expect(died.length).toBeGreaterThanOrEqual(2);
  });

  describe.each([...bundles, ...patients])('%s', (_name, bundle) => {
    const out = importFhirBundle(bundle, TODAY);
    const patient = resourcesOf(bundle).find((r) => r.resourceType === 'Patient')!;

    it('imports, and the report engine accepts the context once goals are added', () => {
      expect(out.ok, JSON.stringify(out)).toBe(true);
      if (!out.ok) return;
      const parsed = parsePatientContext({ age: 50, sex: 'female', ...out.result.context, goals: ['general'] });
      expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
      if (parsed.ok) expect(buildReport(parsed.context, contentSnapshot()).goals.map((g) => g.goal)).toEqual(['general']);
    });

    it('accounts for every medication resource: mapped, or ignored with a reason', () => {
      if (!out.ok) throw new Error('not imported');
      const seen = new Set([...out.result.mapped.map((m) => m.resource), ...out.result.ignored.map((i) => i.resource)]);
      for (const r of resourcesOf(bundle).filter((x) => /^Medication(Request|Statement)$/.test(String(x.resourceType)) && x.id)) expect(seen, `${String(r.resourceType)}/${String(r.id)}`).toContain(`${String(r.resourceType)}/${String(r.id)}`);
      for (const i of out.result.ignored) expect(i.reason.length).toBeGreaterThan(5);
    });

    it('never ages a deceased patient as if alive', () => {
      if (!out.ok) throw new Error('not imported');
      const birth = typeof patient.birthDate === 'string' ? patient.birthDate : undefined;
      if (typeof patient.deceasedDateTime === 'string') {
        expect(out.result.context.age).toBe(ageOn(birth!, patient.deceasedDateTime.slice(0, 10)));
        expect(out.result.notes.join(' ')).toMatch(/died/);
      } else if (patient.deceasedBoolean === true) {
        expect(out.result.context.age).toBeUndefined();
        expect(out.result.notes.join(' ')).toMatch(/died/);
      } else if (birth && birth.length >= 10) expect(out.result.context.age).toBe(ageOn(birth, TODAY));
    });
  });
});
