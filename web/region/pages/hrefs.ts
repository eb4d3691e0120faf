/** Where the region's pages live; every link and htmx target is built here. */
export const LIST_PATH = '/lista';
export const APPLICATIONS_PATH = '/ansokan';

export const personRowId = (dossierNumber: string) => `person-${dossierNumber}`;
export const personPath = (dossierNumber: string) => `${LIST_PATH}/person/${dossierNumber}`;
/** The actions of a person, opened in their row of the list. */
export const actionsPath = (dossierNumber: string) => `${personPath(dossierNumber)}/atgarder`;

export const applicationHref = (quarter: string) => `${APPLICATIONS_PATH}/${quarter}`;
