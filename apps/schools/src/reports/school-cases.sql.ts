import type { SchoolCasesSql } from '@casenet/compliance';

/** The cases of some schools' reports: who read them is those schools' business only (the access log). */
export const SCHOOL_CASES: SchoolCasesSql = (schoolCodes) => `SELECT caseref FROM reports WHERE school_code = ANY(${schoolCodes})`;
