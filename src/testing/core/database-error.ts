/**
 * The database errors Flask-Restless 0.17 catches around every view (`catch_integrity_errors`):
 * the session is rolled back and the answer is `400 {"message": "<class name>"}`, with no detail
 * (docs/protocol/classic/write.md #40-#42, #50, #70, #77). Other failures of a write are Flask's HTML 500 (`HtmlAbort`)
 * or not reproduced (`NotEmulated`), both from rpc-abort.ts.
 */

/** A constraint violation or an unbindable value: the write is rolled back, the answer is a 400. */
export class DatabaseError {
  constructor(
    /** The DBAPI class name the body carries. */
    readonly name: 'IntegrityError' | 'ProgrammingError',
    /** What SQLite would have said, for whoever debugs a test. */
    readonly detail: string,
  ) {}
}
