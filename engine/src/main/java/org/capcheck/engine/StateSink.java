package org.capcheck.engine;

/** Where {@link Model#encode} writes a state: a sequence of 64-bit words. */
public interface StateSink {

    void putLong(long word);

    default void putInt(int value) {
        putLong(value);
    }

    default void putBoolean(boolean value) {
        putLong(value ? 1 : 0);
    }

    /** Writes the length then the characters, four to a word, so that distinct strings write distinct words. */
    default void putString(String value) {
        int length = value.length();
        putLong(length);
        for (int i = 0; i < length; i += 4) {
            long word = 0;
            for (int j = i; j < Math.min(i + 4, length); j++) {
                word = (word << 16) | value.charAt(j);
            }
            putLong(word);
        }
    }
}
