import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { formatUtc } from '@/components/ui/format-utc';
import { findService, isOrderHook } from '@/lib/domain/cds/services';
import {
  DECISION_ROLE,
  DEVELOPER,
  EVERY_CARD,
  evidenceBasedAttributes,
  FUNDING,
  HTI1_RULE,
  INPUTS,
  INTENDED_POPULATION,
  INTENDED_USERS,
  KNOWN_LIMITS,
  SERVICE_ATTRIBUTES,
  VALIDATION,
  VERIFICATION_WORDS,
} from '@/lib/domain/cds/source-attributes';
import { VERIFICATION_STATUSES } from '@/lib/domain/evidence/schemas';
import { RULESET_VERSION } from '@/lib/domain/report/build-report';
import { SAFETY_RULES } from '@/lib/domain/report/safety';
import { outageAwarePage } from '@/lib/server/action-outage';
import { getPublishedEvidenceFacts } from '@/lib/server/cds/source-attributes';

// The source attributes of one CDS Hooks service (ONC HTI-1, 45 CFR 170.315(b)(11)(iv)(A)): public, like discovery
// (proxy.ts lets signed-out browsers through). The wording lives in lib/domain/cds/source-attributes.ts; this page
// only renders it with the published evidence's counts.
type Props = { params: Promise<{ id: string }> };

export const generateMetadata = outageAwarePage(async function generateMetadata({ params }: Props): Promise<Metadata> {
  const service = findService((await params).id);
  return { title: service ? `${service.title}: about this decision support` : 'Decision support not found' };
});

const STATUS_SHORT = { verified: 'Verified', 'from-source-document-only': 'Source document only', unverified: 'Unverified' } as const;

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }): ReactNode {
  return (
    <section aria-labelledby={id} className="mt-8">
      <h2 id={id} className="text-xl font-semibold">
        {title}
      </h2>
      <div className="mt-3 space-y-3">{children}</div>
    </section>
  );
}

export default outageAwarePage(async function DecisionSupportPage({ params }: Props): Promise<ReactNode> {
  const service = findService((await params).id);
  if (!service) notFound();
  const attributes = SERVICE_ATTRIBUTES[service.id];
  const evidence = await getPublishedEvidenceFacts();
  const inputs = INPUTS.filter((input) => input.key in service.prefetch || (input.key === 'context.draftOrders' && isOrderHook(service.id)));
  return (
    <>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto max-w-4xl px-4 py-3">
          <Link href="/" className="text-lg font-semibold text-brand-800">
            K2 Evidence Desk
          </Link>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-4xl break-words px-4 py-8">
        <p className="text-sm font-medium text-slate-600">About this decision support</p>
        <h1 className="mt-1 text-2xl font-semibold">{service.title}</h1>
        <p className="mt-3 text-slate-700">
          CDS Hooks service <code className="break-all">{service.id}</code>, an evidence-based decision support intervention. Its source attributes follow the{' '}
          <a className="text-brand-800 underline" href={HTI1_RULE.url}>
            {HTI1_RULE.criterion}
          </a>{' '}
          list for evidence-based interventions, {HTI1_RULE.citation} ({HTI1_RULE.federalRegister}).
        </p>
        <p className="mt-2 text-sm text-slate-600">
          Rules version <span className="font-mono">{RULESET_VERSION}</span> · evidence version <span className="break-all font-mono">{evidence.evidenceVersion}</span>
        </p>

        <Section id="source-attributes" title={`Source attributes (${HTI1_RULE.citation})`}>
          <table className="w-full border-collapse bg-white text-left text-sm">
            <caption className="sr-only">The source attributes of {HTI1_RULE.citation}, in the rule&apos;s order</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="p-2 align-top">
                  Attribute
                </th>
                <th scope="col" className="p-2 align-top">
                  This intervention
                </th>
              </tr>
            </thead>
            <tbody>
              {evidenceBasedAttributes(RULESET_VERSION, evidence.evidenceVersion).map((row) => (
                <tr key={row.paragraph} className="border-b border-slate-200">
                  <th scope="row" className="w-2/5 p-2 align-top font-medium">
                    <span className="font-mono text-slate-600">{row.paragraph}</span> {row.attribute}
                  </th>
                  <td className="p-2 align-top">{row.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>

        <Section id="developer" title="Developer and funding">
          <p>{DEVELOPER}</p>
          <p>{FUNDING}</p>
        </Section>

        <Section id="intended-use" title="Intended use and users">
          <p>{attributes.intendedUse}</p>
          <dl className="space-y-2">
            <div>
              <dt className="font-medium">Intended users</dt>
              <dd>{INTENDED_USERS}</dd>
            </div>
            <div>
              <dt className="font-medium">Intended patients</dt>
              <dd>{INTENDED_POPULATION}</dd>
            </div>
            <div>
              <dt className="font-medium">Decision-making role</dt>
              <dd>{DECISION_ROLE}</dd>
            </div>
          </dl>
        </Section>

        <Section id="fires" title="When it runs">
          <p>{attributes.firesWhen}</p>
          {service.usageRequirements ? <p>{service.usageRequirements}</p> : null}
        </Section>

        <Section id="inputs" title="Inputs">
          <p>The FHIR resources the EHR sends with the call (the prefetch templates of discovery), and how each is read.</p>
          <table className="w-full border-collapse bg-white text-left text-sm">
            <caption className="sr-only">Inputs: prefetch key, FHIR resource and query, and how it is mapped</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="p-2 align-top">
                  Prefetch key
                </th>
                <th scope="col" className="p-2 align-top">
                  FHIR resource
                </th>
                <th scope="col" className="p-2 align-top">
                  How it is used
                </th>
              </tr>
            </thead>
            <tbody>
              {inputs.map((input) => (
                <tr key={input.key} className="border-b border-slate-200">
                  <th scope="row" className="p-2 align-top font-mono font-normal break-all">
                    {input.key}
                  </th>
                  <td className="p-2 align-top">
                    {input.resource}
                    {service.prefetch[input.key] ? <code className="mt-1 block break-all text-xs text-slate-600">{service.prefetch[input.key]}</code> : null}
                  </td>
                  <td className="p-2 align-top">{input.mapping}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>

        <Section id="output" title="Output">
          <ul className="list-disc space-y-1 pl-6">
            {[...attributes.output, ...EVERY_CARD].map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </Section>

        <Section id="rules" title="Decision rules">
          <p>Each safety rule, the severity it gives, when it applies and the source it rests on.</p>
          <ul className="space-y-3">
            {SAFETY_RULES.map((rule) => (
              <li key={rule.code} className="rounded border border-slate-200 bg-white p-3">
                <p>
                  <code className="font-semibold">{rule.code}</code> — {rule.severity}
                </p>
                <p className="mt-1">{rule.when}</p>
                <p className="mt-1 text-sm text-slate-600">Source: {rule.source}</p>
              </li>
            ))}
          </ul>
        </Section>

        <Section id="evidence" title="Evidence sources and their verification">
          <p>
            The published evidence the cards rest on, by verification status (evidence version <span className="break-all font-mono">{evidence.evidenceVersion}</span>
            {evidence.updatedAt ? `, last changed ${formatUtc(evidence.updatedAt)}` : ''}).
          </p>
          <table className="w-full border-collapse bg-white text-left text-xs sm:text-sm">
            <caption className="sr-only">Published evidence entries by kind and verification status</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="px-1 py-2 sm:p-2 align-bottom">
                  Kind
                </th>
                {VERIFICATION_STATUSES.map((status) => (
                  <th key={status} scope="col" className="px-1 py-2 sm:p-2 text-right align-bottom">
                    {STATUS_SHORT[status]}
                  </th>
                ))}
                <th scope="col" className="px-1 py-2 sm:p-2 text-right align-bottom">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {evidence.counts.map((count) => (
                <tr key={count.kind} className="border-b border-slate-200">
                  <th scope="row" className="px-1 py-2 sm:p-2 align-top font-medium">
                    {count.label}
                  </th>
                  {VERIFICATION_STATUSES.map((status) => (
                    <td key={status} className="px-1 py-2 sm:p-2 text-right align-top tabular-nums">
                      {count.byStatus[status]}
                    </td>
                  ))}
                  <td className="px-1 py-2 sm:p-2 text-right align-top tabular-nums">{count.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ul className="list-disc space-y-1 pl-6 text-sm">
            {VERIFICATION_STATUSES.map((status) => (
              <li key={status}>{VERIFICATION_WORDS[status]}</li>
            ))}
          </ul>
        </Section>

        <Section id="limits" title="Known limits">
          <ul className="list-disc space-y-1 pl-6">
            {KNOWN_LIMITS.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </Section>

        <Section id="validation" title="How it was validated">
          <p>The automated test suites of the application, by file:</p>
          <ul className="space-y-2">
            {VALIDATION.map((v) => (
              <li key={v.file}>
                <code className="break-all font-semibold">{v.file}</code> — {v.what}
              </li>
            ))}
          </ul>
        </Section>

        <Section id="version" title="Version">
          <dl className="space-y-2">
            <div>
              <dt className="font-medium">Rules version</dt>
              <dd className="font-mono">{RULESET_VERSION}</dd>
            </div>
            <div>
              <dt className="font-medium">Published evidence version</dt>
              <dd className="break-all font-mono">{evidence.evidenceVersion}</dd>
            </div>
            {evidence.updatedAt ? (
              <div>
                <dt className="font-medium">Published evidence last changed</dt>
                <dd>{formatUtc(evidence.updatedAt)}</dd>
              </div>
            ) : null}
          </dl>
        </Section>
      </main>
    </>
  );
});
