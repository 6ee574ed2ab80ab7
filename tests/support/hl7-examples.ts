/**
 * The FHIR R4 specification's own example resources, from the npm package HL7 publishes them in
 * (`hl7.fhir.r4.examples` 4.0.1, a pinned devDependency: public sample data, installed, never committed here).
 * What a real record looks like when nobody on this team wrote it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

type Json = Record<string, unknown>;
const DIR = path.dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'));
const load = (file: string): Json => JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as Json;

/** Every resource of a bundle, with those of the Bundles inside it (a batch-response answers searches that way). */
export function resourcesOf(bundle: Json): Json[] {
  return ((bundle.entry as Array<{ resource?: Json }> | undefined) ?? []).flatMap((e) => (!e.resource ? [] : e.resource.resourceType === 'Bundle' ? resourcesOf(e.resource) : [e.resource]));
}

/** The spec's example Bundles that hold a Patient (a patient record, as an import receives one), by file name. */
export function hl7PatientBundles(): Array<[string, Json]> {
  return readdirSync(DIR)
    .filter((f) => f.startsWith('Bundle-') && f.endsWith('.json'))
    .sort()
    .map((f) => [f, load(f)] as [string, Json])
    .filter(([, b]) => resourcesOf(b).some((r) => r.resourceType === 'Patient'));
}

/** The spec's example Patients, each wrapped alone in a collection Bundle (three of them have died). */
export function hl7PatientExamples(): Array<[string, Json]> {
  return readdirSync(DIR)
    .filter((f) => f.startsWith('Patient-') && f.endsWith('.json'))
    .sort()
    .map((f) => [f, { resourceType: 'Bundle', type: 'collection', entry: [{ resource: load(f) }] }] as [string, Json]);
}
