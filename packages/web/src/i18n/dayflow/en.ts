import type { DayflowDictionary } from './nb.ts';

/** Texts of the clinician's day (equipment tested, the summary page's checklist), English. */
export const en: DayflowDictionary = {
  'apptStatus.equipmentTested': 'Equipment tested',
  'equipmentTest.ok': 'Equipment test {time}: all fine',
  'equipmentTest.problem': 'Equipment test {time}: something needs fixing',
  'summaryChecklist.intro':
    'Tick what is left, including after the consultation. Only which items are ticked is stored, never text.',
  'summaryChecklist.tickedInCall': 'Ticked during the call: {items}',
  'summaryChecklist.missing': 'Must be ticked before you hand over to the journal: {items}',
  'summaryChecklist.ready': 'Everything required before the journal handover is ticked.',
  'handover.checklistMissing': 'Tick the checklist before you hand over: {items}.',
};
