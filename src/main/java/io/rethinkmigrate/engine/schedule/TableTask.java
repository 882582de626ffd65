package io.rethinkmigrate.engine.schedule;

import io.rethinkmigrate.model.TableId;

/** The work on one table (the intent, in mongo-tools terms). */
public interface TableTask<R> {

    TableId table();

    /** Documents expected, to schedule big tables first; -1 when unknown. */
    long estimatedDocuments();

    R run() throws Exception;
}
