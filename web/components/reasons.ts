/**
 * Short Swedish names of the rules' reason codes, shared by the case officers' filter and item
 * rows and the rule maintainers' simulation results.
 */
export const REASON_LABELS: Record<string, string> = {
  PROTECTED_IDENTITY: 'Skyddade personuppgifter',
  NOT_COVERED_GROUP: 'Omfattas inte av LMA (AB eller B)',
  NO_COVERAGE_DATE: 'Inget täckningsdatum',
  EXAM_IN_FUTURE: 'Undersökningsdatum i framtiden',
  EXAM_BEFORE_COVERAGE: 'Undersökt före täckningsdatum',
  POPULATION_REGISTERED: 'Folkbokförd på undersökningsdagen',
  DETAINED_OUTSIDE_FORVAR: 'Frihetsberövad utanför förvar',
  ALREADY_EXAMINED: 'Redan undersökt',
  OTHER_REGION: 'Bor i en annan region',
  DEADLINE_PASSED: 'Sista ansökningsdag passerad',
  APPLICATION_LATE: 'Ansökan kom in för sent',
  APPLICATION_TOO_EARLY: 'Ansökan kom in för tidigt',
};

/** A reason code's Swedish name; an unknown code is shown as it is. */
export const reasonLabel = (code: string) => REASON_LABELS[code] ?? code;
