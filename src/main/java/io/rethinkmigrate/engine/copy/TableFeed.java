package io.rethinkmigrate.engine.copy;

import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.Cursor;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.Term;
import io.rethinkmigrate.wire.TermType;
import java.util.List;
import java.util.Map;

/**
 * One change feed of a table on its own connection, opened (its first answer awaited, so that every later
 * change of the table is in it) by the constructor, then read by its own thread into a {@link Sink}. Used
 * by `copy --follow` (TableFollow) and `backup` (TableBackup).
 */
public final class TableFeed implements AutoCloseable {
    /** Where the feed's elements go, as the server sent them. */
    public interface Sink {
        void element(RawJson element) throws InterruptedException;

        /** The feed ended: {@code failure} is null when the server ended it, else why it was lost. */
        void ended(RuntimeException failure);
    }

    private final Connection connection;
    private final Cursor cursor;
    private Thread reader;

    public TableFeed(ConnectionFactory connections, TableId table) {
        connection = connections.open();
        try {
            Term changes = Term.of(TermType.CHANGES, List.of(Term.db(table.db()).table(table.table())), Map.of());
            cursor = connection.cursor(changes, GlobalOptions.none().rawFormats());
            cursor.awaitFirstResponse(); // from here on, every change of the table is in the feed
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    public void startReading(String threadName, Sink sink) {
        reader = new Thread(() -> read(sink), threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Sink sink) {
        try {
            List<RawJson> batch;
            while ((batch = cursor.nextBatch()) != null) {
                for (RawJson element : batch) {
                    sink.element(element);
                }
            }
            sink.ended(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sink.ended(new MigrateException(ErrorKind.INTERRUPTED, "interrupted"));
        } catch (RuntimeException e) {
            sink.ended(e);
        }
    }

    /** Ends the feed: the reader sees its connection closed and reports the end to the sink. */
    public void stop() {
        connection.close();
    }

    /** {@link #stop()}, then waits a while for the reader. */
    @Override
    public void close() {
        stop();
        if (reader != null) {
            try {
                reader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
