import type { DayflowDictionary } from './nb.ts';

/** Texts of the clinician's day (equipment tested, the summary page's checklist), nynorsk. */
export const nn: DayflowDictionary = {
  'apptStatus.equipmentTested': 'Utstyr testa',
  'equipmentTest.ok': 'Utstyrstest {time}: alt i orden',
  'equipmentTest.problem': 'Utstyrstest {time}: noko må ordnast',
  'summaryChecklist.intro':
    'Kryss av det som står att, også etter konsultasjonen. Berre kva punkt som er kryssa av, blir lagra, aldri tekst.',
  'summaryChecklist.tickedInCall': 'Kryssa av i samtalen: {items}',
  'summaryChecklist.missing': 'Må kryssast av før du overfører til journalen: {items}',
  'summaryChecklist.ready': 'Alt som krevst før journaloverføringa, er kryssa av.',
  'handover.checklistMissing': 'Kryss av i sjekklista før du overfører: {items}.',
};
