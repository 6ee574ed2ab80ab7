/**
 * Product quality advice for a patient who decides to take K2 (EVIDENCE-BRIEF.md "Doses", product quality). It gets no
 * evidence snapshot, so it cites only curated source ids that exist in content/sources.json.
 */
import type { PatientContext } from '../patient-context';
import type { ProductQualityItem } from './types';

const INDUSTRY = 'source:industry-k2-product-analysis-2024';
const CONSUMERLAB = 'source:consumerlab-k2-testing';
const VK_HP = 'source:nih-ods-vitamin-k-hp';

const MINERAL_KINDS = { calcium: 'calcium', magnesium: 'magnesium', multivitamin: 'a multivitamin' } as const;

/** What to look for in a K2 product, specific to the minerals and units on this patient's supplement list. Sources: industry analysis 2024 (unverified), ConsumerLab as cited second-hand (seed 000), NIH ODS. */
export function productQuality(context: PatientContext): ProductQualityItem[] {
  const minerals = [
    ...new Set(context.supplements.flatMap((s) => (s.kind === 'calcium' || s.kind === 'magnesium' || s.kind === 'multivitamin' ? [MINERAL_KINDS[s.kind]] : []))),
  ];
  const k2InMg = context.supplements.some((s) => (s.kind === 'k2-mk7' || s.kind === 'k2-mk4') && s.unit === 'mg');
  const items: ProductQualityItem[] = [
    {
      title: 'Look for all-trans MK-7',
      detail:
        'Only the all-trans form of MK-7 is biologically active; cis isomers are much less active. A label that states "all-trans" MK-7 (and its amount) is preferable. This comes from an industry-commissioned analysis (below), not from peer-reviewed work.',
      citations: [INDUSTRY],
    },
    {
      title: 'MK-7 degrades next to minerals unless it is protected',
      detail:
        minerals.length > 0
          ? `The supplement list includes ${minerals.join(' and ')}. MK-7 degrades in combination products that contain minerals such as calcium and magnesium unless it is protected (e.g. encapsulated); a separate K2 product, or a combination that states protected MK-7, avoids this. Source: the same industry-commissioned analysis.`
          : 'MK-7 degrades in combination products that contain minerals such as calcium and magnesium unless it is protected (e.g. encapsulated). Source: an industry-commissioned analysis.',
      citations: [INDUSTRY],
    },
    {
      title: 'Choose a third-party tested product',
      detail:
        'An analysis commissioned by an MK-7 ingredient supplier reported that 71% of 38 K2 products bought online fell short on MK-7 content or purity; it is an industry analysis, not peer reviewed, and could not be verified. Independent testing (ConsumerLab, as reported second-hand and not checked against its review) found one product with about a third of its labelled K2. Prefer products verified by an independent testing programme.',
      citations: [INDUSTRY, CONSUMERLAB],
    },
    {
      title: 'Check the label unit: mcg, not mg',
      detail: `K2 amounts are printed in micrograms (mcg) or milligrams (mg), and 1 mg = 1,000 mcg: a mix-up changes the dose a thousandfold. Check the label unit against the amount discussed with the clinician.${
        k2InMg ? ' This patient’s K2 supplement is entered in mg: confirm the unit on the label.' : ''
      } No upper intake level exists for vitamin K because data are insufficient — not because high doses are proven safe.`,
      citations: [VK_HP],
    },
  ];
  return items;
}
