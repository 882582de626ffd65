package io.rethinkmigrate.engine.copy;

import io.rethinkmigrate.model.TableId;

/** What `copy --follow` reports while it follows; called from follower threads, so thread-safe. */
public interface FollowListener {
    FollowListener NONE = new FollowListener() {
    };

    /**
     * The lag, every report interval: changes received from the source and not yet written to the target,
     * and how long the oldest of them has waited (changes carry no time of their own, so "behind" is
     * measured from when the follower received them).
     */
    default void lag(int tables, long waiting, double secondsBehind, long applied, long resyncs) {
    }

    /** Something happened to one table: a lost feed, a resync, a failure. */
    default void notice(TableId table, String message) {
    }
}
