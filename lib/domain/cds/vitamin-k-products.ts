/**
 * Vitamin K products by RxNorm code: the value set that order-select and order-sign use, besides the product's text
 * (VITAMIN_K_ORDER in lib/domain/fhir/codes.ts), to find vitamin K in a draft MedicationRequest or NutritionOrder
 * (issue 12). Data, not logic: each code is listed with the name and the public source it was read in, and a code is
 * here only when a public source shows it with its product.
 *
 * What is covered, and what is not (checked with the search tool, 2026):
 *   - phytonadione (phytomenadione, vitamin K1): the oral 5 mg tablet and the two injectable emulsions, each seen as
 *     `openfda.rxcui` on several labelers' records of the openFDA NDC directory (api.fda.gov/drug/ndc.json), which name
 *     the generic, strength and dosage form of the product;
 *   - multivitamin with vitamin K: Infuvite Adult (multiple vitamins injection, one of its two vials holds
 *     phytonadione); openFDA lists two RxCUIs for the kit and does not say which vial each is, so both are here (an
 *     order for the vial without vitamin K then gets a card too: the safe side);
 *   - menaquinone (MK-4/menatetrenone, MK-7) and vitamin K2 supplements: no public source showing their RxCUIs was
 *     found, so none is listed — those orders are found by their text only (menaquinone, MK-4, MK-7, menatetrenone,
 *     K2, vitamin K …), which covers every coding whose display names the product;
 *   - the phytonadione ingredient (IN) concept and other clinical/branded drugs: not listed for the same reason; their
 *     displays ("phytonadione …") are found by text.
 * A code seen in an order's coding but absent from this list is not proof of "no vitamin K": the text is always read
 * too, and the order is reported when either finds vitamin K.
 */
export type VitaminKForm = 'phytonadione' | 'menaquinone-4' | 'menaquinone-7' | 'multivitamin-with-vitamin-k';

export type VitaminKProductCode = {
  /** RxNorm concept id (RxCUI). */
  rxcui: string;
  /** The product as the source names it. */
  name: string;
  form: VitaminKForm;
  /** Where the code was read with its product. */
  source: string;
};

export const RXNORM_SYSTEM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

const OPENFDA_NDC = 'openFDA NDC directory (api.fda.gov/drug/ndc.json), openfda.rxcui of';

export const VITAMIN_K_PRODUCT_CODES: readonly VitaminKProductCode[] = [
  {
    rxcui: '198102',
    name: 'phytonadione 5 MG oral tablet',
    form: 'phytonadione',
    source: `${OPENFDA_NDC} product NDCs 76282-740 (Exelan), 16714-973 (Northstar Rx), 69097-999 (Cipla USA), 50228-333 (ScieGen), 72134-008 (Agnitio) and 0904-6882 (Major): generic name phytonadione, 5 mg/1, TABLET, ORAL`,
  },
  {
    rxcui: '1670192',
    name: 'phytonadione 10 MG/ML injectable emulsion',
    form: 'phytonadione',
    source: `${OPENFDA_NDC} product NDCs 68083-606 (Gland Pharma), 65219-635 (Fresenius Kabi USA) and 80830-1683 (Amneal): generic name phytonadione, 10 mg/mL, INJECTION, EMULSION`,
  },
  {
    rxcui: '727625',
    name: 'phytonadione 1 MG per 0.5 ML injectable emulsion (prefilled syringe)',
    form: 'phytonadione',
    source: `${OPENFDA_NDC} product NDCs 76329-1240 (International Medication Systems), 0404-9935 (Henry Schein), 62332-826 (Alembic) and 70095-154 (Sun Pharmaceutical): generic name phytonadione, 1 mg/.5mL, syringe`,
  },
  {
    rxcui: '1304559',
    name: 'Infuvite Adult (multiple vitamins injection, with phytonadione), kit vial',
    form: 'multivitamin-with-vitamin-k',
    source: `${OPENFDA_NDC} product NDC 54643-5650 (Sandoz, Infuvite Adult, multiple vitamins injection kit: RxCUIs 1304559 and 1304564); the openFDA label of Infuvite Adult lists PHYTONADIONE among its ingredients`,
  },
  {
    rxcui: '1304564',
    name: 'Infuvite Adult (multiple vitamins injection, with phytonadione), kit vial',
    form: 'multivitamin-with-vitamin-k',
    source: `${OPENFDA_NDC} product NDC 54643-5650 (Sandoz, Infuvite Adult, multiple vitamins injection kit: RxCUIs 1304559 and 1304564); the openFDA label of Infuvite Adult lists PHYTONADIONE among its ingredients`,
  },
];

const BY_CODE = new Map(VITAMIN_K_PRODUCT_CODES.map((p) => [p.rxcui, p]));

/** The vitamin K product of an RxNorm code, if the value set has it. */
export function vitaminKProductOf(system: unknown, code: unknown): VitaminKProductCode | undefined {
  if (system !== RXNORM_SYSTEM || typeof code !== 'string') return undefined;
  return BY_CODE.get(code.trim());
}
