package io.rethinkmigrate.engine.verify;

/** One document that differs, named by the canonical text of its primary key. */
public record KeyDifference(Kind kind, String key) {

    public enum Kind {
        /** On the source, not on the target. */
        MISSING("missing on target"),
        /** On the target, not on the source. */
        EXTRA("extra on target"),
        /** On both, with different content. */
        CHANGED("changed");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    @Override
    public String toString() {
        return kind.label() + ": " + key;
    }
}
