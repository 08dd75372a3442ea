/**
 * Where ATS sends the child for care. ATS Milano plans and coordinates; clinical care for minors is
 * delivered by the ASST of the child's area, through its services for children: UONPIA (child
 * neuropsychiatry), SerD (addiction services), clinical psychology and the family counselling
 * centres (consultori). Which service treats a child tells what the child is treated for, so the
 * care path is health data: sealed, and it never leaves ATS.
 */
export const ASST_MILANO = [
  'asst_fatebenefratelli_sacco',
  'asst_grande_ospedale_metropolitano_niguarda',
  'asst_santi_paolo_e_carlo',
  'asst_nord_milano',
  'asst_rhodense',
  'asst_ovest_milanese',
  'asst_melegnano_martesana',
  'asst_lodi',
] as const;
export type Asst = (typeof ASST_MILANO)[number];

export const CARE_SERVICES = ['uonpia', 'serd', 'psicologia_clinica', 'consultorio_familiare'] as const;
export type CareService = (typeof CARE_SERVICES)[number];

export interface CarePath {
  asst: Asst;
  service: CareService;
}
