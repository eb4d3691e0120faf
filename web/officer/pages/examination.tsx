/** An examination: the person, region, date and state, and the examination's live timeline. */
import type { OfficerExam } from '../data/examinations.js';
import { applicationHref } from './hrefs.js';
import { TimelineSection, type TimelineProps } from './timeline.js';

export function ExaminationPage({ exam, timeline }: { exam: OfficerExam; timeline: TimelineProps }) {
  return (
    <>
      {exam.applicationId && <p><a href={applicationHref(exam.applicationId)}>Till ansökan nr {exam.applicationId}</a></p>}
      <dl class="application-facts">
        <div><dt>Person</dt><dd>{exam.name}, {exam.dossierNumber}</dd></div>
        <div><dt>Region</dt><dd>{exam.regionName}</dd></div>
        <div><dt>Undersökningsdatum</dt><dd>{exam.examDate ?? '–'}</dd></div>
        <div><dt>Kvartal</dt><dd>{exam.quarter ?? '–'}</dd></div>
        <div><dt>Status</dt><dd>{exam.status}</dd></div>
      </dl>
      <TimelineSection {...timeline} />
    </>
  );
}
