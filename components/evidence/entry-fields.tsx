'use client';
/**
 * The fields of each entry kind, in the order a curator reads a paper. Names are the entry paths of
 * lib/domain/evidence/schemas.ts (and of FORM_SPECS in form-data.ts); "(required)" follows the schema.
 */
import type { ReactNode } from 'react';
import type { EntryKind } from '@/lib/domain/evidence/schemas';
import { OPTIONS, type Option } from './descriptors';
import { CheckboxGroup, CodesInput, LinesInput, RepeatableRows, Section, Select, TextArea, TextInput } from './fields';

export const CITATION_TARGETS_LIST = 'citation-targets';

const ID_EXAMPLES: Partial<Record<EntryKind, string>> = { trial: 'knapen-2013', source: 'ods-vitamin-k-fact-sheet', medication: 'warfarin' };

function IdField({ kind, fixedId }: { kind: EntryKind; fixedId?: string }): ReactNode {
  if (fixedId) {
    return (
      <div className="flex flex-col gap-1">
        <span className="font-medium">Id</span>
        <code className="rounded border border-slate-200 bg-slate-50 px-3 py-2">{fixedId}</code>
        <input type="hidden" name="id" value={fixedId} />
      </div>
    );
  }
  return (
    <TextInput
      name="id"
      label="Id"
      required
      hint={`Lowercase letters, digits and single hyphens, e.g. ${ID_EXAMPLES[kind] ?? `${kind}-example`}. Citations and URLs use it; it cannot be changed later.`}
    />
  );
}

function CitationFields(): ReactNode {
  return (
    <Section title="Citation" description="At least one way to find the source again. DOI and PMID as printed, without a link prefix.">
      <TextInput name="citation.doi" label="DOI" placeholder="10.1093/ajcn/nqz147" />
      <TextInput name="citation.pmid" label="PMID" numeric="integer" placeholder="23525894" />
      <TextInput name="citation.url" label="URL" placeholder="https://…" />
      <TextInput name="citation.journal" label="Journal and year as cited" placeholder="Am J Clin Nutr 2019" />
    </Section>
  );
}

function VerificationFields(): ReactNode {
  return (
    <Section title="Verification" description="Whether the facts here were checked against the primary source.">
      <Select name="verification.status" label="Verification status" required options={OPTIONS.verification} />
      <TextArea name="verification.note" label="How it was checked" required hint="Which source, what matched, what did not (or why it could not be checked)." className="md:col-span-2" />
    </Section>
  );
}

function CitationRows({ targets }: { targets: Option[] }): ReactNode {
  return (
    <Section title="Citations" description="The trials and sources this entry rests on, by id. The id inputs suggest the ids in the database as you type.">
      <RepeatableRows name="citations" legend="Cited entries (required, at least one)" itemLabel="Citation" addLabel="Add citation" min={1} inline>
        {() => (
          <>
            <Select name="kind" label="Cites a" required options={OPTIONS.refKind} />
            <TextInput name="id" label="Id of the trial or source" required list={CITATION_TARGETS_LIST} />
          </>
        )}
      </RepeatableRows>
      <datalist id={CITATION_TARGETS_LIST}>
        {targets.map((t) => (
          <option key={t.value} value={t.value}>
            {t.label}
          </option>
        ))}
      </datalist>
    </Section>
  );
}

function TrialFields({ fixedId }: { fixedId?: string }): ReactNode {
  return (
    <>
      <Section title="Trial">
        <IdField kind="trial" fixedId={fixedId} />
        <TextInput name="shortLabel" label="Short label" required hint='How reports name it, e.g. "Knapen 2013".' />
        <TextInput name="title" label="Title" required className="md:col-span-2" />
        <TextInput name="year" label="Year" required numeric="integer" />
      </Section>
      <CitationFields />
      <VerificationFields />
      <Section title="Design">
        <Select name="design" label="Design" required options={OPTIONS.design} />
        <TextInput name="designNote" label="Design note" hint='e.g. "double-blind, placebo-controlled".' />
        <TextInput name="comparator" label="Comparator" required hint='e.g. "placebo", "no treatment", "none: single arm".' className="md:col-span-2" />
      </Section>
      <Section title="Population">
        <TextArea name="population.description" label="Description" required rows={2} className="md:col-span-2" />
        <TextInput name="population.n" label="Participants (n)" numeric="integer" />
        <Select name="population.sex" label="Sex" required options={OPTIONS.sex} />
        <TextInput name="population.ageMin" label="Minimum age (years)" numeric="integer" />
        <TextInput name="population.ageMax" label="Maximum age (years)" numeric="integer" />
        <TextInput name="population.ageMean" label="Mean age (years)" numeric="decimal" />
        <TextInput name="population.country" label="Country" />
        <CheckboxGroup name="population.conditions" label="Conditions" options={OPTIONS.condition} className="md:col-span-2" />
      </Section>
      <Section title="Intervention">
        <Select name="intervention.form" label="Form" required options={OPTIONS.interventionForm} />
        <TextInput name="intervention.frequency" label="Frequency" hint='e.g. "daily".' />
        <TextInput name="intervention.doseAmount" label="Dose amount" numeric="decimal" hint="Give the unit too." />
        <Select name="intervention.doseUnit" label="Dose unit" options={OPTIONS.doseUnit} emptyLabel="No dose given" />
        <TextInput name="intervention.durationMonths" label="Duration (months)" numeric="decimal" />
        <TextInput name="intervention.description" label="Description" />
        <LinesInput name="intervention.coInterventions" label="Co-interventions" className="md:col-span-2" rows={2} />
      </Section>
      <Section title="Outcomes">
        <RepeatableRows name="outcomes" legend="Outcomes (required, at least one)" itemLabel="Outcome" addLabel="Add outcome" min={1}>
          {() => (
            <>
              <TextInput name="name" label="Outcome" required />
              <Select name="type" label="Type" required options={OPTIONS.outcomeType} />
              <TextArea name="result" label="Result" required rows={2} className="md:col-span-2" />
              <Select name="direction" label="Direction" required options={OPTIONS.direction} />
              <fieldset className="grid gap-3 rounded border border-dashed border-slate-300 p-3 md:col-span-2 md:grid-cols-5">
                <legend className="px-1 text-sm font-medium">Effect estimate (optional; leave all empty when the source gives none)</legend>
                <TextInput name="effect.measure" label="Measure" placeholder="RR, OR, difference" />
                <TextInput name="effect.value" label="Value" numeric="decimal" />
                <TextInput name="effect.ciLow" label="CI low" numeric="decimal" />
                <TextInput name="effect.ciHigh" label="CI high" numeric="decimal" />
                <TextInput name="effect.pValue" label="p value" numeric="decimal" />
                <TextInput name="effect.unit" label="Unit" placeholder="ratio, mg/cm², AU" hint="“ratio” for RR, OR, HR; else the outcome’s own unit." className="md:col-span-2" />
                <TextInput name="effect.comparison" label="Compared" placeholder="MK-7 360 mcg/day vs placebo" className="md:col-span-3" />
                <Select name="effect.verification.status" label="Estimate checked" options={OPTIONS.verification} emptyLabel="Not stated" />
                <TextInput name="effect.verification.checkedAgainst" label="Checked against (URL)" hint="The abstract or paper the numbers were read in." className="md:col-span-2" />
                <TextInput name="effect.verification.note" label="Note on the estimate check" className="md:col-span-2" />
              </fieldset>
            </>
          )}
        </RepeatableRows>
      </Section>
      <Section title="Goals and certainty">
        <CheckboxGroup name="goals" label="Goals this trial informs" required options={OPTIONS.goal} className="md:col-span-2" />
        <Select name="certainty.grade" label="Certainty (GRADE)" required options={OPTIONS.certainty} />
        <LinesInput name="certainty.downgradeReasons" label="Reasons for downgrading" rows={2} />
      </Section>
      <Section title="Funding and notes">
        <TextInput name="funding" label="Funding" className="md:col-span-2" />
        <TextArea name="notes" label="Notes" className="md:col-span-2" />
        <TextArea
          name="noEstimateReason"
          label="Why no estimate with a 95% CI"
          hint="When no outcome above has a checked estimate with its CI: e.g. “the abstract gives p values only”, “single arm: no comparator”."
          rows={2}
          className="md:col-span-2"
        />
      </Section>
    </>
  );
}

function ClaimFields({ fixedId, targets }: { fixedId?: string; targets: Option[] }): ReactNode {
  return (
    <>
      <Section title="Claim">
        <IdField kind="claim" fixedId={fixedId} />
        <Select name="verdict" label="Verdict" required options={OPTIONS.verdict} />
        <TextArea name="claim" label="The claim, as people say it" required rows={2} className="md:col-span-2" />
        <TextArea name="correction" label="Correction" required className="md:col-span-2" />
        <CheckboxGroup name="goals" label="Goals" options={OPTIONS.goal} className="md:col-span-2" />
        <LinesInput name="contexts" label="Contexts" hint="Safety codes, conditions or medication classes where the claim matters." className="md:col-span-2" rows={2} />
      </Section>
      <CitationRows targets={targets} />
      <VerificationFields />
    </>
  );
}

function InteractionFields({ fixedId, targets }: { fixedId?: string; targets: Option[] }): ReactNode {
  return (
    <>
      <Section title="Interaction">
        <IdField kind="interaction" fixedId={fixedId} />
        <TextInput name="substance" label="Substance or class" required />
        <TextInput name="drugClass" label="Drug class" required hint='e.g. "vitamin K antagonist", "DOAC".' />
        <Select name="safetyCode" label="Safety code" required options={OPTIONS.safetyCode} />
        <Select name="severity" label="Severity" required options={OPTIONS.severity} />
        <TextArea name="effect" label="Effect on vitamin K2" required className="md:col-span-2" />
        <TextArea name="advice" label="Advice" required className="md:col-span-2" />
      </Section>
      <Section title="Names and codes">
        <LinesInput name="genericNames" label="Generic names" required rows={3} />
        <LinesInput name="brandNames" label="Brand names" rows={3} />
        <LinesInput name="rxnormIngredients" label="RxNorm ingredient RxCUIs" hint="Numbers." rows={3} />
        <LinesInput name="rxnormProducts" label="RxNorm product RxCUIs" hint="Numbers." rows={3} />
      </Section>
      <CitationRows targets={targets} />
      <VerificationFields />
    </>
  );
}

function SourceFields({ fixedId }: { fixedId?: string }): ReactNode {
  return (
    <>
      <Section title="Source">
        <IdField kind="source" fixedId={fixedId} />
        <Select name="kind" label="Kind of source" required options={OPTIONS.sourceKind} />
        <TextInput name="title" label="Title" required className="md:col-span-2" />
        <TextInput name="publisher" label="Publisher" />
        <TextInput name="year" label="Year" numeric="integer" />
        <TextArea name="summary" label="What this source is cited for" required className="md:col-span-2" />
      </Section>
      <CitationFields />
      <VerificationFields />
    </>
  );
}

function MedicationFields({ fixedId, targets, interactions }: { fixedId?: string; targets: Option[]; interactions: Option[] }): ReactNode {
  return (
    <>
      <Section title="Medication">
        <IdField kind="medication" fixedId={fixedId} />
        <TextInput name="ingredient" label="Ingredient" required hint='The INN in English, e.g. "warfarin".' />
        <Select name="medicationClass" label="Class" required options={OPTIONS.medicationClass} hint="Says which screening rule applies." />
        <Select
          name="interactionId"
          label="Interaction entry"
          options={interactions}
          emptyLabel="None (only for no known interaction)"
          hint="The interaction entry whose effect, advice and citations apply. Required for every class but “No known interaction”."
        />
        <LinesInput name="synonyms" label="Synonyms" hint='Salts, other spellings and translations, e.g. "warfarin sodium", "warfarine".' className="md:col-span-2" rows={3} />
      </Section>
      <Section title="Brands" description="Brand names by country, each with where it was checked (a drug label, a national formulary or an RxNorm record).">
        <RepeatableRows name="brands" legend="Brands by country" itemLabel="Brand" addLabel="Add brand">
          {() => (
            <>
              <TextInput name="name" label="Brand name" required />
              <TextInput name="countries" label="Countries" hint="ISO codes separated by commas, e.g. US, GB, FR; EU for an EU-wide authorisation." />
              <Select name="status" label="Status" required options={OPTIONS.brandStatus} />
              <TextInput name="checkedIn" label="Checked in" hint='Required when checked, e.g. "DailyMed SPL, Jantoven (Upsher-Smith)", "BNF".' />
            </>
          )}
        </RepeatableRows>
      </Section>
      <Section title="Codes" description="RxNorm concepts (RxCUIs, numbers) and WHO ATC codes.">
        <CodesInput name="rxnorm.ingredients" label="RxNorm ingredients (IN, PIN)" rows={2} />
        <CodesInput name="rxnorm.clinicalDrugs" label="RxNorm clinical drugs (SCD)" rows={3} />
        <CodesInput name="rxnorm.brandedDrugs" label="RxNorm branded drugs (SBD, BN)" rows={3} />
        <CodesInput name="atc" label="ATC codes" hint="Level 5, e.g. B01AA03." rows={2} />
      </Section>
      <CitationRows targets={targets} />
      <VerificationFields />
      <Section title="Notes">
        <TextArea name="notes" label="Notes" className="md:col-span-2" />
      </Section>
    </>
  );
}

export function EntryFields({ kind, fixedId, targets, interactions = [] }: { kind: EntryKind; fixedId?: string; targets: Option[]; interactions?: Option[] }): ReactNode {
  switch (kind) {
    case 'trial':
      return <TrialFields fixedId={fixedId} />;
    case 'claim':
      return <ClaimFields fixedId={fixedId} targets={targets} />;
    case 'interaction':
      return <InteractionFields fixedId={fixedId} targets={targets} />;
    case 'source':
      return <SourceFields fixedId={fixedId} />;
    case 'medication':
      return <MedicationFields fixedId={fixedId} targets={targets} interactions={interactions} />;
  }
}
