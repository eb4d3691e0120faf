/**
 * What a refused report tells the region user, one text per reason code of the rules (SPEC §4):
 * which case applies (for the person at hand: AB or B, never "AB or B"), why, and the way forward
 * the FAQ (seed 001) gives — the paper form, or writing to Migrationsverket when the user believes
 * the refusal is wrong.
 */
import type { Child } from 'hono/jsx';
import type { ReasonCode } from '../../../rules/index.js';

export const SUPPORT_EMAIL = 'halsoundersokningar-melker@migrationsverket.se';
export const PAPER_FORM_PAGE = 'Ersättning för hälsoundersökning av asylsökande eller massflyktingar';

/** What the text may say about the person it concerns. */
export type RefusedPerson = { type_code: string; covered_from: string | null };

export type RefusalText = {
  /** The case that applies, as one sentence. */
  applies: string;
  why: string;
  forward: Child;
};

function Contact({ when }: { when: string }) {
  return <>{when}, mejla Migrationsverket på <a href={`mailto:${SUPPORT_EMAIL}`}>{SUPPORT_EMAIL}</a>.</>;
}

function PaperForm({ when }: { when: string }) {
  return <>{when}, ansök i stället på pappersblankett. Blanketten finns på Migrationsverkets webbplats, på sidan ”{PAPER_FORM_PAGE}”.</>;
}

const bothWays = (wrong: string) => (
  <>
    <Contact when={wrong} />{' '}
    <PaperForm when="Vet du att regionen ändå har rätt till ersättning" />
  </>
);

const NOT_COVERED: Record<'AB' | 'B', Omit<RefusalText, 'forward'>> = {
  AB: {
    applies: 'Personen är asylsökande barn (AB).',
    why: 'Asylsökande barn som inte är inskrivna i Migrationsverkets mottagningssystem, utan bor i kommunen hos en förälder eller vårdnadshavare med uppehållstillstånd, omfattas inte av LMA. Regionen kan därför inte få statlig ersättning för barnets hälsoundersökning.',
  },
  B: {
    applies: 'Personen är bevisperson (B).',
    why: 'En bevisperson är inte asylsökande och är inte inskriven i Migrationsverkets mottagningssystem, och omfattas därför inte av LMA. Regionen kan inte få statlig ersättning för hälsoundersökningen.',
  },
};

const TEXTS: Record<ReasonCode, (p: RefusedPerson) => RefusalText> = {
  PROTECTED_IDENTITY: () => ({
    applies: 'Personen har skyddade personuppgifter.',
    why: 'Av säkerhetsskäl kan ersättning för personer med skyddade personuppgifter inte sökas i e-tjänsten.',
    forward: <PaperForm when="Vill regionen söka ersättning för hälsoundersökningen" />,
  }),
  NOT_COVERED_GROUP: (p) => ({
    ...NOT_COVERED[p.type_code === 'B' ? 'B' : 'AB'],
    forward: bothWays('Om du anser att personen har fel typ av sökande i listan'),
  }),
  NO_COVERAGE_DATE: () => ({
    applies: 'Det finns inget datum från när personen omfattas av LMA eller är i förvar.',
    why: 'Ersättning kan bara sökas för en undersökning som gjorts när personen omfattas av LMA eller hålls i förvar, och Migrationsverkets uppgifter om personen räcker inte för att avgöra från vilket datum det gäller.',
    forward: bothWays('Om du anser att uppgifterna om personen är fel eller saknas'),
  }),
  EXAM_IN_FUTURE: () => ({
    applies: 'Datumet för hälsoundersökningen ligger efter dagens datum.',
    why: 'Bara genomförda hälsoundersökningar kan rapporteras.',
    forward: 'Kontrollera datumet. Rapportera hälsoundersökningen när den är genomförd; har personen kallats kan du spara datumet för kallelsen under tiden.',
  }),
  EXAM_BEFORE_COVERAGE: (p) => ({
    applies: `Hälsoundersökningen gjordes innan personen omfattades av LMA eller var i förvar${p.covered_from ? ` (fr.o.m. ${p.covered_from})` : ''}.`,
    why: 'Statlig ersättning lämnas bara för hälsoundersökningar från och med den dag då personen omfattas av LMA eller är tagen i förvar.',
    forward: <>Kontrollera datumet för undersökningen och rapportera igen med rätt datum. {bothWays('Om du anser att datumet i ”Omf. LMA / förvar fr.o.m.” är fel')}</>,
  }),
  POPULATION_REGISTERED: () => ({
    applies: 'Personen var folkbokförd på undersökningsdagen.',
    why: 'Den som är folkbokförd omfattas inte längre av LMA, och regionen kan då inte få statlig ersättning för hälsoundersökningen.',
    forward: bothWays('Om du anser att uppgiften om folkbokföring är fel'),
  }),
  DETAINED_OUTSIDE_FORVAR: () => ({
    applies: 'Personen hålls inom Kriminalvården eller i polisarrest, inte i Migrationsverkets förvar.',
    why: 'Ersättning för hälsoundersökning av förvarstagna lämnas bara för personer i Migrationsverkets förvar. Vården ersätts av den myndighet som ansvarar för frihetsberövandet.',
    forward: <>Kontakta den myndighet som ansvarar för frihetsberövandet. <Contact when="Om du anser att uppgiften om förvaret är fel" /></>,
  }),
  ALREADY_EXAMINED: () => ({
    applies: 'En hälsoundersökning av personen är redan rapporterad eller ersatt.',
    why: 'Statlig ersättning lämnas för en hälsoundersökning per person, även om den tidigare undersökningen gjordes i en annan region.',
    forward: <>Har er egen tidigare registrering fel datum kan du ta bort den och registrera en ny innan ansökan skickas in. <Contact when="Om du anser att personen inte har undersökts tidigare" /></>,
  }),
  OTHER_REGION: () => ({
    applies: 'Personen bor inte i er regions län.',
    why: 'Ersättning söks av den region där personen bor enligt Migrationsverkets uppgifter, som hämtas en gång per dygn.',
    forward: bothWays('Om du anser att adressen är fel'),
  }),
  DEADLINE_PASSED: () => ({
    applies: 'Sista dag för ansökan för undersökningens kvartal har passerat.',
    why: 'Ansökan ska ha kommit in till Migrationsverket senast sista dagen i kvartalet efter det kvartal då undersökningen gjordes. Därefter kan ersättning inte sökas.',
    forward: <Contact when="Om du anser att beskedet är fel" />,
  }),
  APPLICATION_LATE: () => ({
    applies: 'Ansökan kom in efter sista dagen för undersökningens kvartal.',
    why: 'Ansökan ska ha kommit in till Migrationsverket senast sista dagen i kvartalet efter det kvartal då undersökningen gjordes.',
    forward: <Contact when="Om du anser att beskedet är fel" />,
  }),
  APPLICATION_TOO_EARLY: () => ({
    applies: 'Undersökningens kvartal kan inte sökas ännu.',
    why: 'En hälsoundersökning kan sökas först från första dagen i kvartalet efter undersökningen.',
    forward: 'Ta med undersökningen i ansökan för nästa kvartal.',
  }),
};

/** The tailored text of a rule's reason code, or null for other refusals (they carry their own message). */
export function refusalText(code: string, person: RefusedPerson): RefusalText | null {
  return Object.hasOwn(TEXTS, code) ? TEXTS[code as ReasonCode](person) : null;
}
