// The value readers of the input files, one per kind of value (SPEC 2). Each returns the value or
// an Invalid carrying the reason; blank cells are the caller's to handle.

export { invalid, isInvalid, type Invalid } from './invalid.js';
export { createDateReader, type DateReaderOptions } from './dates.js';
export { createMinutesReader, readMinutes, MAX_CONTACT_MINUTES } from './duration.js';
export { createDisciplineReader } from './discipline.js';
export { createFrequencyReader } from './frequency.js';
export { createFundingReader } from './funding.js';
export { createAttendanceReader } from './attendance.js';
export { createContactTypeReader } from './contactType.js';
export { formatAcademicYear, readAcademicYear } from './academicYear.js';
export { createProvisionTextReader, readProvisionText } from './provisionText.js';
export { foldValue } from './enumeration.js';
export { abbreviateValue, checkIdLength, exceptionValue, isTotalsLabel, MAX_ID_CHARS } from './identifier.js';
