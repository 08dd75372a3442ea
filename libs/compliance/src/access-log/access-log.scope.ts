/**
 * In a service whose records belong to several controllers (each school is one), the access log
 * too is theirs: SQL selecting the caserefs of the schools whose codes are the given text[] parameter.
 * Null elsewhere: the agency is one controller and its supervisors see every read.
 */
export const ACCESS_LOG_SCHOOL_CASES = Symbol('ACCESS_LOG_SCHOOL_CASES');
export type SchoolCasesSql = (schoolCodesParam: string) => string;
