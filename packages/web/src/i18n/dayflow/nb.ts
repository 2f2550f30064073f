/**
 * Texts of the clinician's day added with "equipment tested" and the summary page's checklist
 * (issue 9), bokmål. Kept out of the main dictionaries: they load with the dashboard and the
 * summary page, never on the patient's first page.
 */
export const nb = {
  'apptStatus.equipmentTested': 'Utstyr testet',
  'equipmentTest.ok': 'Utstyrstest {time}: alt i orden',
  'equipmentTest.problem': 'Utstyrstest {time}: noe må ordnes',
  'summaryChecklist.intro':
    'Kryss av det som gjenstår, også etter konsultasjonen. Bare hvilke punkter som er krysset av lagres, aldri tekst.',
  'summaryChecklist.tickedInCall': 'Krysset av i samtalen: {items}',
  'summaryChecklist.missing': 'Må krysses av før du overfører til journalen: {items}',
  'summaryChecklist.ready': 'Alt som kreves før journaloverføringen er krysset av.',
  'handover.checklistMissing': 'Kryss av i sjekklisten før du overfører: {items}.',
};

export type DayflowTextKey = keyof typeof nb;
export type DayflowDictionary = Record<DayflowTextKey, string>;
